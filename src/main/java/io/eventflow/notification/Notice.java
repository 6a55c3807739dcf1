package io.eventflow.notification;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * News put into words, the same for everyone who is told: {@code data} is what the app lists and pushes (its
 * {@code message} the text), {@code mail} the e-mail.
 */
record Notice(NotificationType type, @Nullable UUID eventId, Map<String, Object> data, MailTemplates.Mail mail) {

    /** The notice for one user; {@code key} makes telling them twice harmless. */
    Draft to(UUID userId, String key) {
        return new Draft(type, userId, eventId, key, data, mail);
    }
}
