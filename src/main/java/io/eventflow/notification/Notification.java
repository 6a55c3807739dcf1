package io.eventflow.notification;

import java.time.Instant;
import java.util.UUID;

import io.eventflow.notification.NotificationType.Channel;

/** One notification to one user on one channel, with its delivery state (pending, sent, failed). */
record Notification(UUID id, UUID userId, NotificationType type, Channel channel, String status, int attempts,
        String details, UUID eventId, String recipient, String subject, String text, String html, String calendar, String data,
        Instant createdAt, Instant nextAttemptAt, Instant sentAt, Instant readAt, String dedupKey) {

    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String FAILED = "failed";

    /** The key of the same notification on the other channel (they differ only in the channel suffix). */
    String keyOn(NotificationType.Channel other) {
        return dedupKey.substring(0, dedupKey.lastIndexOf(':') + 1) + other.wireName();
    }
}
