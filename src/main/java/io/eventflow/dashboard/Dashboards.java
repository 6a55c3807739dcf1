package io.eventflow.dashboard;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * The dashboard module's public API, for the web UI: the same rules as the REST API. Refusals are
 * {@link io.eventflow.platform.domain.DomainException}s.
 */
public interface Dashboards {

    /**
     * One event's figures, for its organizer and admins ({@code NotAllowed} for anyone else, {@code EventNotFound}
     * for an unknown event).
     *
     * @param bucket the width of the bookings' buckets ({@link BucketWidth} wire names), null or {@code auto}:
     *               chosen from the bookings' time span
     */
    EventDashboard ofEvent(CurrentUser actor, UUID eventId, @Nullable String bucket);

    /** The caller's own events with their figures, a page at a time (organizers and admins). */
    PageView<EventSummary> ofOrganizer(CurrentUser actor, @Nullable String sort, Paging paging);
}
