package io.eventflow.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.eventflow.platform.mail.MailMessage;
import io.eventflow.platform.mail.Mailer;

/**
 * One attempt to send one e-mail notification. The attempt is taken by raising the attempt count from the
 * number the caller was handed: a duplicate hand-off (a redelivered queue message, a second node) finds the count
 * moved and does nothing. Failures are retried after 30 s, 1, 2, 4 … minutes until the attempts run out; then the
 * notification is {@code failed} with the reason.
 */
@Component
class EmailDelivery {

    private static final Logger log = LoggerFactory.getLogger(EmailDelivery.class);

    private final NotificationStore store;
    private final Mailer mailer;
    private final Clock clock;
    private final NotificationProperties properties;

    EmailDelivery(NotificationStore store, Mailer mailer, Clock clock, NotificationProperties properties) {
        this.store = store;
        this.mailer = mailer;
        this.clock = clock;
        this.properties = properties;
    }

    enum Outcome { SENT, RETRY, FAILED, NOT_MINE }

    Outcome attempt(UUID id, int attemptsSoFar) {
        if (!store.takeAttempt(id, attemptsSoFar, clock.instant().plus(properties.lease()))) {
            return Outcome.NOT_MINE;
        }
        Notification mail = store.find(id).orElseThrow();
        int attempts = attemptsSoFar + 1;
        try {
            // the notification's id as Message-ID: a mail sent again after a crash between SMTP and the database is
            // the same message to mail clients, which show it once
            // an e-mail notification is stored with its address and every part (Notification.pendingEmail)
            mailer.send(new MailMessage(Objects.requireNonNull(mail.recipient(), "recipient"),
                    Objects.requireNonNull(mail.subject(), "subject"), Objects.requireNonNull(mail.text(), "text"),
                    Objects.requireNonNull(mail.html(), "html"), mail.calendar(), mail.id() + "@eventflow"));
            store.sent(id, attempts, clock.instant());
            return Outcome.SENT;
        } catch (RuntimeException e) {
            String reason = reason(e);
            if (attempts >= properties.maxAttempts()) {
                if (!store.failed(id, attempts, reason)) {
                    return Outcome.NOT_MINE; // a later attempt already settled it
                }
                log.warn("Giving up on notification {} to {} after {} attempts: {}", id, mail.recipient(), attempts, reason);
                return Outcome.FAILED;
            }
            Duration wait = properties.retryBase().multipliedBy(1L << Math.min(attempts - 1, 16));
            store.retryLater(id, attempts, reason, clock.instant().plus(wait));
            return Outcome.RETRY;
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() + (root != e ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
