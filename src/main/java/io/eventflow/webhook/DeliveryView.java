package io.eventflow.webhook;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One message to one endpoint, as its delivery log shows it.
 *
 * @param messageId       the {@code webhook-id} header: the same for a resend of the same message
 * @param status          pending, delivered or failed (no attempt left)
 * @param statusCode      the HTTP status of the last attempt; null when it got none (timeout, refused address)
 * @param durationMs      how long the last attempt took
 * @param error           why the last attempt failed, if it did
 * @param responseExcerpt the first few hundred characters of the last response's body
 * @param nextAttemptAt   when a pending delivery is tried next
 */
public record DeliveryView(UUID id, UUID webhookId, String messageId, String eventType, String status, int attempts,
        @Nullable Integer statusCode, @Nullable Long durationMs, @Nullable String error,
        @Nullable String responseExcerpt, Instant createdAt, @Nullable Instant lastAttemptAt,
        @Nullable Instant nextAttemptAt) {
}
