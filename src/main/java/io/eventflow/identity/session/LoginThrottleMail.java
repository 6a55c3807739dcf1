package io.eventflow.identity.session;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.eventflow.identity.account.UserAccount;
import io.eventflow.identity.account.UserAccountRepository;
import io.eventflow.platform.mail.MailMessage;
import io.eventflow.platform.mail.Mailer;

/**
 * Tells an account's owner that sign-in with it was paused after failed attempts. Sent once per run of failures (when
 * it first pauses the account; {@link LoginThrottle}), on a thread of its own: whether the identifier belongs to an
 * account is looked up there, so neither the answer to the failed sign-in nor its timing depends on it. The mail goes
 * out as the password-reset mail does (directly through the {@link Mailer}, not the notification outbox: the owner
 * may have switched notification mails off, and this one is about the account's safety).
 */
@Component
class LoginThrottleMail {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottleMail.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final UserAccountRepository users;
    private final Mailer mailer;
    private final LoginThrottleProperties settings;
    private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();

    LoginThrottleMail(UserAccountRepository users, Mailer mailer, LoginThrottleProperties settings) {
        this.users = users;
        this.mailer = mailer;
        this.settings = settings;
    }

    /** Returns at once; the account is looked up and mailed in the background. */
    void accountPaused(String login, int failures, Instant firstFailure, Instant lastFailure, Duration pause) {
        try {
            sender.execute(() -> send(login, failures, firstFailure, lastFailure, pause));
        } catch (RejectedExecutionException stopping) {
            log.info("Sign-in pause not mailed: the node is stopping");
        }
    }

    private void send(String login, int failures, Instant firstFailure, Instant lastFailure, Duration pause) {
        try {
            UserAccount user = users.findActiveByLogin(login).orElse(null);
            String to = user == null ? null : user.email();
            if (user == null || to == null) {
                return; // nobody to tell: no such account, or a built-in one without an address
            }
            mailer.send(new MailMessage(to, "Failed sign-ins to your EventFlow account", text(user.username(),
                    failures, firstFailure, lastFailure, pause), null));
        } catch (RuntimeException e) {
            log.error("The mail about paused sign-ins could not be sent", e);
        }
    }

    String text(String username, int failures, Instant firstFailure, Instant lastFailure, Duration pause) {
        return """
                Hello %s,

                there were %d failed attempts to sign in to your EventFlow account with a wrong password, between \
                %s and %s. To protect your account, signing in with a password is paused for %s; every further \
                failed attempt pauses it longer, up to %s at a time.

                If it was you: wait and try again, or choose a new password with "Forgot your password?" on the \
                sign-in page — a new password ends the pause at once.

                If it was not you: someone is trying to guess your password. They did not get in. If your password is \
                one you also use elsewhere, or easy to guess, choose a new one with "Forgot your password?".
                """.formatted(username, failures, TIME.format(firstFailure), TIME.format(lastFailure), words(pause),
                words(settings.maxDelay()));
    }

    static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 60 != 0) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = seconds / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }
}
