package io.eventflow.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.eventflow.platform.mail.MailMessage;
import io.eventflow.platform.mail.Mailer;

/**
 * Sends the pending e-mails whose time has come. An attempt is claimed first (several nodes may poll at once,
 * each mail is attempted by one); a failure is retried after 30 s, 1, 2, 4 … minutes until the attempts run out,
 * then the notification is {@code failed} with the reason. While SMTP is down mails simply stay pending: nothing is
 * lost, and they go out when it is back.
 */
@Component
class EmailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EmailDispatcher.class);
    /** Longer than one SMTP attempt can take: a claim left by a node that died is taken over after it. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final NotificationStore store;
    private final Mailer mailer;
    private final Clock clock;
    private final NotificationProperties properties;

    EmailDispatcher(NotificationStore store, Mailer mailer, Clock clock, NotificationProperties properties) {
        this.store = store;
        this.mailer = mailer;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${eventflow.notification.dispatch-every:PT1S}")
    void run() {
        try {
            while (dispatchDue() > 0) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("E-mail dispatch failed, the next run retries: {}", e.toString());
        }
    }

    /** Attempts up to 50 due mails; returns how many were attempted. */
    int dispatchDue() {
        Instant now = clock.instant();
        int attempted = 0;
        for (Notification mail : store.due(now, 50)) {
            if (!store.claim(mail, now.plus(LEASE))) {
                continue; // another node took it
            }
            attempted++;
            int attempts = mail.attempts() + 1;
            try {
                mailer.send(new MailMessage(mail.recipient(), mail.subject(), mail.text(), mail.html()));
                store.sent(mail.id(), attempts, clock.instant());
            } catch (RuntimeException e) {
                String reason = reason(e);
                if (attempts >= properties.maxAttempts()) {
                    store.failed(mail.id(), attempts, reason);
                    log.warn("Giving up on notification {} to {} after {} attempts: {}", mail.id(), mail.recipient(), attempts, reason);
                } else {
                    Duration wait = properties.retryBase().multipliedBy(1L << Math.min(attempts - 1, 16));
                    store.retryLater(mail.id(), attempts, reason, clock.instant().plus(wait));
                }
            }
        }
        return attempted;
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
