package io.eventflow.booking;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A booking as the API shows it; {@code waitlist_position} (1 = next in line) only while waitlisted,
 * {@code offer_expires_at} only while offered.
 */
public record BookingView(UUID id, UUID eventId, UUID userId, String kind,
        @Schema(description = "confirmed, waitlisted, offered (a seat is held for this booking until offer_expires_at: "
                + "accept or decline it) or cancelled")
        BookingStatus status,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer waitlistPosition, Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only while offered: until when the held seat may be accepted")
        @Nullable Instant offerExpiresAt) {
}
