package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An event as the other modules see it: what they may rely on, nothing of how the catalog stores it. */
public record EventSnapshot(UUID id, String title, String description, String category, Instant startTime,
        Instant endTime, String timezone, String location, Double latitude, Double longitude, Integer geofenceRadiusM,
        Integer capacity, BigDecimal price, String currency, UUID organizerId, EventStatus status, Instant createdAt,
        Instant updatedAt, long version) {

    public boolean hasStarted(Instant now) {
        return !startTime.isAfter(now);
    }
}
