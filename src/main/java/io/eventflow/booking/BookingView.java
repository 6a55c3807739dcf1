package io.eventflow.booking;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A booking as the API shows it; {@code waitlist_position} (1 = next in line) only while waitlisted. */
public record BookingView(UUID id, UUID eventId, UUID userId, String kind, BookingStatus status,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer waitlistPosition, Instant createdAt,
        Instant updatedAt) {
}
