package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Instant;

/** A validated, normalised description of an event: what create and update write. */
record EventData(String title, String description, String category, Instant startTime, Instant endTime,
        String timezone, String location, Double latitude, Double longitude, int geofenceRadiusM, Integer capacity,
        BigDecimal price, String currency, EventStatus status) {
}
