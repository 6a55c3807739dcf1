package io.eventflow.social;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.social.Social.FeedPage;
import io.eventflow.social.Social.Follow;
import io.swagger.v3.oas.annotations.Operation;

@RestController
class SocialController {

    private final Social social;

    SocialController(Social social) {
        this.social = social;
    }

    @PostMapping("/api/v1/users/{id}/follow")
    @Operation(summary = "Follow a user", description = "Idempotent. 400 for oneself, 404 for an unknown user. "
            + "The followed user's latest activities enter your feed at once.")
    ResponseEntity<Void> follow(CurrentUser user, @PathVariable UUID id) {
        social.follow(user, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/users/{id}/unfollow")
    @Operation(summary = "Stop following a user", description = "Idempotent; their activities leave your feed.")
    ResponseEntity<Void> unfollow(CurrentUser user, @PathVariable UUID id) {
        social.unfollow(user, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/users/{id}/followers")
    @Operation(summary = "Who follows the user, most recent first")
    PageView<Follow> followers(@PathVariable UUID id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return social.followers(id, Paging.of(page, size));
    }

    @GetMapping("/api/v1/users/{id}/following")
    @Operation(summary = "Whom the user follows, most recent first")
    PageView<Follow> following(@PathVariable UUID id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return social.following(id, Paging.of(page, size));
    }

    @GetMapping("/api/v1/feed")
    @Operation(summary = "Your activity feed, newest first",
            description = "Activities (event_created, rsvp, photo_uploaded, follow) of the people you follow and your own. "
                    + "Cursor-paginated: pass the next_cursor of a page to get the one after it; it is null on the last "
                    + "page. Pages never repeat or skip an item while new activities arrive (they appear on a fresh "
                    + "first page). {items, size, next_cursor}.")
    FeedPage feed(CurrentUser user, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) Integer size) {
        return social.feed(user, cursor, size);
    }
}
