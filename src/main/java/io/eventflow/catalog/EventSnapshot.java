package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An event as the other modules see it: what they may rely on, nothing of how the catalog stores it. */
public record EventSnapshot(UUID id, String title, String description, @Nullable String category, Instant startTime,
        Instant endTime, String timezone, @Nullable String location, @Nullable Double latitude,
        @Nullable Double longitude, Integer geofenceRadiusM, @Nullable Integer capacity, @Nullable BigDecimal price,
        @Nullable String currency, UUID organizerId, EventStatus status, Instant createdAt, Instant updatedAt,
        long version) {

    public boolean hasStarted(Instant now) {
        return !startTime.isAfter(now);
    }
}
