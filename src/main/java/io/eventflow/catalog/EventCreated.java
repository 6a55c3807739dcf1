package io.eventflow.catalog;

import java.time.Instant;

/** Domain event: a new event was published. */
public record EventCreated(EventSnapshot event, Instant occurredAt) {
}
