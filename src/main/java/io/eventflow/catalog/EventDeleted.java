package io.eventflow.catalog;

import java.time.Instant;

/** Domain event: an event was deleted; the snapshot is its last state. */
public record EventDeleted(EventSnapshot event, Instant occurredAt) {
}
