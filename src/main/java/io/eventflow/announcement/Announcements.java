package io.eventflow.announcement;

import java.util.UUID;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * The announcement module's public API, for the web UI: the same rules as the REST API. Refusals are
 * {@link io.eventflow.platform.domain.DomainException}s.
 */
public interface Announcements {

    /** Subject and body limits, in characters. */
    int MAX_SUBJECT = 200;
    int MAX_BODY = 5000;

    /**
     * As {@code POST /api/v1/events/{id}/announcements}: the event's organizer or an admin ({@code NotAllowed}
     * otherwise); subject and body required and within their limits ({@code InvalidInput}); at most so many per
     * organizer and event in a while ({@link TooManyAnnouncements}).
     */
    AnnouncementView send(CurrentUser actor, UUID eventId, AnnouncementRequest request);

    /**
     * As {@code GET /api/v1/events/{id}/announcements}: the event's history, newest first, for its organizer, admins
     * and the users with an active booking ({@code NotAllowed} for others).
     */
    PageView<AnnouncementView> history(CurrentUser actor, UUID eventId, Paging paging);

    /** Whether the user may read the event's history (see {@link #history}). */
    boolean mayRead(CurrentUser actor, UUID eventId);

    /** What an organizer sends; {@code audience} by its wire name, {@code confirmed} when null. */
    record AnnouncementRequest(String subject, String body, @org.jspecify.annotations.Nullable String audience) {
    }
}
