package io.eventflow.compat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventView;
import io.eventflow.compat.V1Events.Event;
import io.eventflow.compat.V1Events.Listed;
import io.eventflow.compat.V1Events.Reply;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.social.Social;
import io.eventflow.social.Social.Activity;

/**
 * Seed 004 on port 5000 — follows, the feed and the organizer's events:
 * <pre>
 * POST /api/v1/users/{id}/follow, /unfollow → social.follow / unfollow (idempotent; 400 oneself, 404 unknown)
 * GET  /api/v1/feed?cursor=&amp;limit=        → social.feed, items in seed 004's activity schema
 * GET  /api/v1/organizer/events?page=&amp;limit= → catalog.search of the caller's events (organizers and admins)
 * </pre>
 */
@Hidden
@RestController
@CompatEnabled
@RequestMapping(CompatPaths.V1_PREFIX + "/api/v1")
class V1SocialApi {

    private final Social social;
    private final EventCatalog catalog;
    private final V1Events events;

    V1SocialApi(Social social, EventCatalog catalog, V1Events events) {
        this.social = social;
        this.catalog = catalog;
        this.events = events;
    }

    record Following(UUID userId, boolean following) {
    }

    /**
     * One activity in seed 004's schema; {@code id} is its {@code _id}. {@code type} is upper case as there;
     * {@code event_id} is set for {@code EVENT_CREATED}, {@code RSVP} and {@code PHOTO_UPLOADED},
     * {@code target_user_id} for {@code FOLLOW}.
     */
    record FeedItem(UUID id, UUID actorId, String actorName, String type, @Nullable UUID eventId,
            @Nullable UUID targetUserId, String summary, Instant timestamp) {

        static FeedItem of(Activity activity) {
            String actor = activity.actor().username();
            String event = activity.event() == null || activity.event().title() == null ? "an event"
                    : activity.event().title();
            String summary = switch (activity.type()) {
                case "event_created" -> actor + " created " + event;
                case "rsvp" -> actor + " RSVPed to " + event;
                case "photo_uploaded" -> actor + " uploaded a photo of " + event;
                case "follow" -> actor + " followed "
                        + (activity.user() == null ? "someone" : activity.user().username());
                default -> actor + " " + activity.type().replace('_', ' ');
            };
            return new FeedItem(activity.id(), activity.actor().id(), actor, activity.type().toUpperCase(Locale.ROOT),
                    activity.event() == null ? null : activity.event().id(),
                    activity.user() == null ? null : activity.user().id(), summary, activity.occurredAt());
        }
    }

    /** The feed is paged by cursor (stable while new activities arrive): pass {@code next_cursor} for older ones. */
    record Feed(String message, List<FeedItem> data, @Nullable String nextCursor) {
    }

    @PostMapping("/users/{id}/follow")
    Reply<Following> follow(@PathVariable UUID id, CurrentUser caller) {
        social.follow(caller, id);
        return new Reply<>("You now follow this user", new Following(id, true));
    }

    @PostMapping("/users/{id}/unfollow")
    Reply<Following> unfollow(@PathVariable UUID id, CurrentUser caller) {
        social.unfollow(caller, id);
        return new Reply<>("You no longer follow this user", new Following(id, false));
    }

    @GetMapping("/feed")
    Feed feed(CurrentUser caller, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        Social.FeedPage page = social.feed(caller, cursor, limit == null ? 20 : limit);
        return new Feed("Your feed", page.items().stream().map(FeedItem::of).toList(), page.nextCursor());
    }

    @GetMapping("/organizer/events")
    Listed<Event> organizerEvents(CurrentUser caller, @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer limit) {
        EventPolicy.requirePublisher(caller); // as EventFlow's /api/v1/organizer/events
        PageView<EventView> mine = catalog.search(new EventSearchRequest(null, null, null, caller.id().toString(), null,
                null, null, null, null, null, V1Events.page(page), V1Events.limit(limit)));
        return events.listed(mine.total() + " events", mine, caller);
    }
}
