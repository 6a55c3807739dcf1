package io.eventflow.catalog;

import java.time.Instant;
import java.util.List;

/**
 * Domain event: events were published together, in one batch (the batch API, seed 000's {@code /create}, an import).
 * One publication per listener for the whole batch instead of one per event: storing the outbox rows one statement
 * and one serialisation at a time was most of a batch's cost. Listeners handle each event as they would
 * {@link EventCreated}, with the same keys, so a re-run after a crash repeats nothing; the organizer is not sent a
 * "published" notice for each.
 */
public record EventsCreated(List<EventSnapshot> events, Instant occurredAt) {

    public EventsCreated {
        events = List.copyOf(events);
    }

    /** Each event as if published alone, for listeners that treat them one by one. */
    public List<EventCreated> each() {
        return events.stream().map(event -> new EventCreated(event, occurredAt, true)).toList();
    }
}
