package io.eventflow.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;

/**
 * The catalog's public API: the REST controller, the web UI and other modules all go through it, so
 * the rules (who may publish, started events are frozen, stale versions are refused) hold everywhere. Seats and
 * the waiting list's length are {@link EventSeats}; who may do what, {@link EventPolicy}.
 * Refusals are {@link io.eventflow.platform.domain.DomainException}s, named for the rule where a caller may care
 * which ({@link EventStarted}, {@link SeatsBelowBooked}, ...).
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
}
