package io.eventflow.webhook;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Domain event: an endpoint failed {@code failures} deliveries in a row and was disabled; its owner should hear of it
 * (the notification module tells them in the app and by e-mail). Published in the transaction that disables it.
 *
 * @param lastError what the last attempt got: a status code or why it had none
 */
public record WebhookDisabled(UUID webhookId, UUID ownerId, String url, int failures, @Nullable String lastError,
        Instant occurredAt) {
}
