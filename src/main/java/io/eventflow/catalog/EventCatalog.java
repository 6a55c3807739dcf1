package io.eventflow.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.web.PageView;

/**
 * The catalog's public API: the REST controller, the web UI and other modules all go through it, so
 * the rules (who may publish, started events are frozen, stale versions are refused) hold everywhere.
 * Failures are {@link io.eventflow.platform.web.ApiException}s.
 */
public interface EventCatalog {

    Optional<EventSnapshot> find(UUID eventId);

    /** Events that are not cancelled and start after {@code from} and no later than {@code to}, soonest first. */
    List<EventSnapshot> startingBetween(Instant from, Instant to);

    EventView view(UUID eventId);

    PageView<EventView> search(EventSearchRequest request);

    EventView create(CurrentUser organizer, EventInput input);

    /** All or nothing, at most {@link EventDtos#MAX_BATCH} events. */
    List<EventView> createBatch(CurrentUser organizer, List<EventInput> inputs);

    EventView update(CurrentUser actor, UUID eventId, EventInput input);

    void delete(CurrentUser actor, UUID eventId);

    /**
     * Locks the event's seat count for the rest of the caller's transaction (bookings serialise per event
     * on it, so seats are never over- or undersold). Empty if the event does not exist.
     */
    Optional<SeatState> lockSeats(UUID eventId);

    /** The event's seat counts and waiting-list length as last committed, without a lock (live availability). */
    Optional<SeatState> currentSeats(UUID eventId);

    /**
     * Takes a seat of the event for a new booking if one is free, otherwise a place at the end of its waiting
     * list, as one conditional write each: the event's row stays locked until the caller's transaction ends, and
     * a seat is taken only while one is free, a place only while none is. Empty if the event does not exist, is
     * cancelled or has started by {@code now}.
     */
    Optional<SeatClaim> claimSeat(UUID eventId, java.time.Instant now);

    /**
     * Writes the seat count and the length of the waiting list, and adds to the popularity, of an event locked
     * with {@link #lockSeats}.
     */
    void recordSeats(UUID eventId, int seatsTaken, int waitlisted, int popularityDelta);

    /** Whether the user may change the event: its organizer or an admin. */
    default boolean mayChange(CurrentUser user, EventSnapshot event) {
        return user != null && (user.isAdmin() || event.organizerId().equals(user.id()));
    }
}
