package io.eventflow.webhook;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * An endpoint as a client registers or replaces it.
 *
 * @param allEvents every event's news rather than only the caller's own events: admins only (null: an admin's
 *                  endpoint gets every event's, an organizer's their own)
 * @param enabled   on a replace: true re-enables an endpoint disabled after failures (null: unchanged; new ones are on)
 */
public record WebhookInput(
        @Schema(description = "Where deliveries are POSTed: an absolute http(s) URL on a public address", example = "https://hooks.example.com/eventflow")
        @NotBlank @Size(max = 2000) String url,
        @Schema(description = "The event types to receive: booking.confirmed, booking.waitlisted, booking.promoted, "
                + "booking.cancelled, checkin.created, event.created, event.updated, event.cancelled, event.deleted")
        @NotEmpty @Size(max = 20) List<String> eventTypes,
        @Size(max = 200) @Nullable String description,
        @Schema(description = "Admins only: every event's news, not only the caller's own events") @Nullable Boolean allEvents,
        @Schema(description = "On a replace: true turns an endpoint disabled after failures on again") @Nullable Boolean enabled) {
}
