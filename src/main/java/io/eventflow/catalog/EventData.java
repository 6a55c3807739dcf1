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

    /** The same description with another waiting-list rule (a series' change keeps each occurrence's own rule). */
    EventData withWaitlist(WaitlistMode mode, @Nullable Duration ttl) {
        return new EventData(title, description, category, startTime, endTime, timezone, location, latitude, longitude,
                geofenceRadiusM, capacity, price, currency, status, mode, ttl);
    }
}
