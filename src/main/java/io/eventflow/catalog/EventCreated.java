package io.eventflow.catalog;

import java.time.Instant;

/**
 * Domain event: a new event was published.
 *
 * @param inBatch published with others in one batch (more than one event at once: an import, a batch request), not
 *                alone; false in publications stored before this field existed
 */
public record EventCreated(EventSnapshot event, Instant occurredAt, boolean inBatch) {

    public EventCreated(EventSnapshot event, Instant occurredAt) {
        this(event, occurredAt, false);
    }
}
