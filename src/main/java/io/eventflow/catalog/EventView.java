package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** An event as the API and the UI show it. */
@Schema(description = "An event")
public record EventView(UUID id,
        @Schema(description = "Stable integer id, for clients of older APIs that address events by number")
        long number, String title, String description, @Nullable String category, Instant startTime,
        Instant endTime, String timezone, @Nullable String location, @Nullable Double latitude,
        @Nullable Double longitude, Integer geofenceRadiusM, @Nullable Integer capacity, @Nullable BigDecimal price,
        @Nullable String currency, UUID organizerId, EventStatus status, int popularity, int seatsTaken,
        @Nullable Integer seatsLeft, Instant createdAt, Instant updatedAt, long version,
        @Schema(description = "auto: a freed seat confirms the first in line; offer: it is offered to them for offer_ttl")
        WaitlistMode waitlistMode,
        @Schema(description = "How long an offer stands (ISO-8601), in offer mode; null: not set (PT12H applies in offer mode)",
                example = "PT12H")
        @Nullable String offerTtl,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Only with near=")
        @Nullable Double distanceKm,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The series this event is an occurrence of; absent for a one-off event")
        @Nullable UUID seriesId) {
}
