package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A validated, normalised description of an event: what create and update write. */
record EventData(String title, String description, @Nullable String category, Instant startTime, Instant endTime,
        String timezone, @Nullable String location, @Nullable Double latitude, @Nullable Double longitude,
        int geofenceRadiusM, @Nullable Integer capacity, @Nullable BigDecimal price, @Nullable String currency,
        EventStatus status, WaitlistMode waitlistMode, @Nullable Duration offerTtl) {
}
