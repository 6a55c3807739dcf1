package io.eventflow.notification;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One notification for one user, before it is stored on the channels they want. {@code key} names what the user is
 * told, so that handling the same domain event twice finds the notification already there.
 */
record Draft(NotificationType type, UUID userId, @Nullable UUID eventId, String key, Map<String, Object> data,
        MailTemplates.Mail mail) {
}
