package io.eventflow.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

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

    /**
     * The event with this number ({@link EventView#number()}), for older APIs that address events by number.
     *
     * @throws EventNotFound if no event has it
     */
    EventView viewByNumber(long number);

    /**
     * The id of the event with this number.
     *
     * @throws EventNotFound if no event has it
     */
    UUID idByNumber(long number);

    /**
     * Hands each event of the listing to {@code each}, in the listing's order, as it is read from the database: one
     * statement, nothing held, so memory does not grow with the catalog (write each view straight out). Cancelled
     * events are included. An unknown field or a value that does not parse is refused as
     * {@link io.eventflow.platform.domain.InvalidInput} before the statement runs, so before {@code each} is called.
     * {@code each} runs while the statement's read-only transaction is open: it should write, not call back into
     * the catalog's writes.
     */
    void forEach(EventListing listing, Consumer<EventView> each);

    PageView<EventView> search(EventSearchRequest request);

    /**
     * Every event the search finds — not a page: {@code page} and {@code size} are ignored — in its order, handed to
     * {@code each} as it is read, as {@link #forEach(EventListing, Consumer)} does (one statement through a cursor,
     * nothing held; {@code each} runs inside the read-only transaction). The search is checked first, as
     * {@link #search} checks it: a refusal comes before {@code each} is called.
     */
    void forEach(EventSearchRequest request, Consumer<EventView> each);

    EventView create(CurrentUser organizer, EventInput input);

    /** All or nothing, at most {@link EventDtos#MAX_BATCH} events. */
    List<EventView> createBatch(CurrentUser organizer, List<EventInput> inputs);

    EventView update(CurrentUser actor, UUID eventId, EventInput input);

    void delete(CurrentUser actor, UUID eventId);
}
