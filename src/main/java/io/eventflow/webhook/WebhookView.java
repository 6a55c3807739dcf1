package io.eventflow.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A registered endpoint. {@code secret} is there only in the answer to a registration or a rotation: it is shown once.
 *
 * @param previousSecretExpiresAt until when deliveries are also signed with the secret before the last rotation
 * @param disabledReason          why it was disabled after failing, while it is
 */
public record WebhookView(UUID id, UUID ownerId, String url, @Nullable String description, List<String> eventTypes,
        boolean allEvents, boolean enabled, int consecutiveFailures, @Nullable String disabledReason,
        @Nullable Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt,
        @Schema(description = "whsec_<base64>: shown only in the answer to a registration or rotation")
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret) {

    WebhookView withSecret(String value) {
        return new WebhookView(id, ownerId, url, description, eventTypes, allEvents, enabled, consecutiveFailures,
                disabledReason, previousSecretExpiresAt, createdAt, updatedAt, value);
    }
}
