package io.eventflow.dashboard;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/** One event on the organizer's dashboard across their events ({@code GET /api/v1/organizer/dashboard}). */
public record EventSummary(UUID eventId, String title, Instant startTime, Instant endTime, EventStatus status,
        @Nullable Integer capacity,
        @Schema(description = "Seats held: confirmed bookings and seats offered to the waiting list") long seatsTaken,
        @Schema(description = "Length of the waiting list") long waitlisted,
        @Schema(description = "Of seats_taken, offered and not yet accepted") long offered,
        @Schema(description = "Confirmed bookings checked in by ticket or arrived on site") long present,
        @Schema(description = "present / confirmed bookings, 0 to 1; null while nobody is expected") @Nullable Double progress,
        long photos) {
}
