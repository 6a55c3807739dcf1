package io.eventflow.web;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDirectory.UserSummary;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserNotFound;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.social.Social;

/** Public profiles with a follow button, and the signed-in user's activity feed. */
@Controller
class SocialPages {

    private static final int FEED_PAGE = 25;

    private final Social social;
    private final UserDirectory users;
    private final EventCatalog catalog;

    SocialPages(Social social, UserDirectory users, EventCatalog catalog) {
        this.social = social;
        this.users = users;
        this.catalog = catalog;
    }

    @GetMapping("/users/{id}")
    String profile(@PathVariable UUID id, Model model) {
        UserSummary user = users.find(id).orElseThrow(() -> new UserNotFound(id));
        CurrentUser me = CurrentUsers.current();
        model.addAttribute("user", user);
        model.addAttribute("self", me != null && me.id().equals(id));
        model.addAttribute("following", me != null && !me.id().equals(id) && social.isFollowing(me.id(), id));
        model.addAttribute("counts", social.counts(id));
        model.addAttribute("followers", social.followers(id, Paging.of(0, 12)).items());
        model.addAttribute("followed", social.following(id, Paging.of(0, 12)).items());
        PageView<EventView> events = catalog.search(new EventSearchRequest(null, null, null, id.toString(), null, null, null,
                null, null, "start_time", 0, 20));
        model.addAttribute("events", events.items());
        return "social/profile";
    }

    @PostMapping("/users/{id}/follow")
    String follow(@PathVariable UUID id, @RequestParam(required = false) @Nullable String back) {
        social.follow(CurrentUsers.required(), id);
        return "redirect:" + backTo(back, id);
    }

    @PostMapping("/users/{id}/unfollow")
    String unfollow(@PathVariable UUID id, @RequestParam(required = false) @Nullable String back) {
        social.unfollow(CurrentUsers.required(), id);
        return "redirect:" + backTo(back, id);
    }

    @GetMapping("/feed")
    String feed(@RequestParam(required = false) @Nullable String cursor, Model model) {
        CurrentUser me = CurrentUsers.required();
        Social.FeedPage page = social.feed(me, cursor, FEED_PAGE);
        model.addAttribute("items", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("first", cursor == null || cursor.isEmpty());
        model.addAttribute("meId", me.id());
        return "social/feed";
    }

    /** Only a path of this site (never "//host" or a scheme): an open redirect would help phishing. */
    private static String backTo(@Nullable String back, UUID userId) {
        if (back != null && back.matches("/(events|users)/[0-9a-fA-F-]{36}")) {
            return back;
        }
        return "/users/" + userId;
    }
}
