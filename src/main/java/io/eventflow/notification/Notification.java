package io.eventflow.notification;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.notification.NotificationType.Channel;

/** One notification to one user on one channel, with its delivery state (pending, sent, failed). */
record Notification(UUID id, UUID userId, NotificationType type, Channel channel, String status, int attempts,
        @Nullable String details, @Nullable UUID eventId, @Nullable String recipient, @Nullable String subject,
        @Nullable String text, @Nullable String html, @Nullable String calendar, String data, Instant createdAt,
        @Nullable Instant nextAttemptAt, @Nullable Instant sentAt, @Nullable Instant readAt, String dedupKey) {

    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String FAILED = "failed";

    /** Stored as sent: the list in the app is where it is read. The key gets the channel, as {@link #keyOn} expects. */
    static Notification inApp(UUID id, Draft draft, String data, Instant now) {
        return new Notification(id, draft.userId(), draft.type(), Channel.IN_APP, SENT, 1, null, draft.eventId(), null, null, null,
                null, null, data, now, null, now, null, draft.key() + ":" + Channel.IN_APP.wireName());
    }

    /** Stored as pending and due at once, for the dispatcher. */
    static Notification pendingEmail(UUID id, Draft draft, String address, String data, Instant now) {
        MailTemplates.Mail mail = draft.mail();
        return new Notification(id, draft.userId(), draft.type(), Channel.EMAIL, PENDING, 0, null, draft.eventId(), address,
                mail.subject(), mail.text(), mail.html(), mail.calendar(), data, now, now, null, null,
                draft.key() + ":" + Channel.EMAIL.wireName());
    }

    /** The key of the same notification on the other channel (they differ only in the channel suffix). */
    String keyOn(NotificationType.Channel other) {
        return dedupKey.substring(0, dedupKey.lastIndexOf(':') + 1) + other.wireName();
    }
}
