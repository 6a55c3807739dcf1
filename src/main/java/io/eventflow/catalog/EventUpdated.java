package io.eventflow.catalog;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Domain event: an event was changed. {@code changes} maps each changed field (snake_case, as in the API)
 * to its old and new value, so listeners can tell participants exactly what changed.
 */
public record EventUpdated(EventSnapshot event, Map<String, FieldChange> changes, Instant occurredAt) {

    public record FieldChange(@Nullable Object oldValue, @Nullable Object newValue) {
    }
}
