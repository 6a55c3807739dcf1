package io.eventflow.identity.password;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.identity.PasswordResets;
import io.eventflow.identity.account.UserAccount;
import io.eventflow.identity.account.UserAccountRepository;
import io.eventflow.identity.session.LoginThrottle;
import io.eventflow.identity.session.SessionService;
import io.eventflow.identity.token.IdentityProperties;
import io.eventflow.identity.token.OpaqueTokens;
import io.eventflow.platform.AfterCommit;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.mail.MailMessage;
import io.eventflow.platform.mail.Mailer;
import io.eventflow.platform.ratelimit.NamedLimit;
import io.eventflow.platform.ratelimit.RateLimits;

/**
 * Forgotten passwords. The answer to "send me a link" is the same whether or not the address exists, and it is
 * given before the address is even looked up: the link is issued (older ones invalidated, the new one stored) on a
 * thread of its own, so the response's timing does not tell either. With the work done in the request, a known
 * address was answered ~3 ms later than an unknown one (its transaction's commit). The requests are issued one
 * at a time in arrival order, so of two quick requests the second link is the one that stays valid. The link's
 * token is stored only as a hash; it works once, and only until it expires.
 */
@Service
class PasswordResetService implements PasswordResets {

    private static final Logger log = LoggerFactory.getLogger(PasswordResetService.class);
    private static final int QUEUE_LIMIT = 10_000;

    private final UserAccountRepository users;
    private final PasswordResetTokenRepository tokens;
    private final SessionService sessions;
    private final LoginThrottle loginThrottle;
    private final PasswordPolicy passwords;
    private final Mailer mailer;
    private final IdentityProperties properties;
    private final IdGenerator ids;
    private final NamedLimit mailsPerRecipient;
    private final Clock clock;
    private final TransactionTemplate transactions;
    // The reset link must not pass through the event publication table, where it would rest in clear text.
    private final ExecutorService mailSender = Executors.newVirtualThreadPerTaskExecutor();
    // One thread, in arrival order; bounded, so a flood past the rate limit cannot pile up without end.
    private final ThreadPoolExecutor requests = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_LIMIT), Thread.ofPlatform().name("password-reset").daemon().factory());

    PasswordResetService(UserAccountRepository users, PasswordResetTokenRepository tokens, SessionService sessions,
            PasswordPolicy passwords, Mailer mailer, IdentityProperties properties, IdGenerator ids, Clock clock,
            TransactionTemplate transactions, RateLimits limits, LoginThrottle loginThrottle) {
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.loginThrottle = loginThrottle;
        this.passwords = passwords;
        this.mailer = mailer;
        this.properties = properties;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
        // the auth limit is per client address: fifteen addresses could still fill one inbox within seconds
        int perHour = properties.passwordResetMailsPerHour();
        this.mailsPerRecipient = limits.define("password-reset-mail", perHour, perHour, Duration.ofHours(1));
    }

    /** Returns at once; the link is issued and mailed in the background (see the class comment). */
    @Override
    public void requestReset(String email) {
        String address = UserAccount.normalizeEmail(email);
        try {
            requests.execute(() -> issue(address));
        } catch (RejectedExecutionException full) {
            log.warn("Password reset request dropped: {} requests are already waiting", QUEUE_LIMIT);
        }
    }

    private void issue(String address) {
        // keyed by a hash: the store need not hold addresses. Unknown addresses are charged too, so that the limit
        // tells nothing about which addresses have accounts (the answer is 202 either way)
        if (!mailsPerRecipient.tryConsume("to:" + OpaqueTokens.hash(address)).allowed()) {
            log.info("Password reset not mailed: that address had {} reset mails in the last hour already",
                    properties.passwordResetMailsPerHour());
            return;
        }
        try {
            MailMessage mail = transactions.execute(tx -> users.findActiveByEmail(address).map(user -> {
                Instant now = clock.instant();
                tokens.invalidateAllOfUser(user.id(), now);
                String token = OpaqueTokens.generate();
                Instant expires = now.plus(properties.passwordResetTtl());
                tokens.save(new PasswordResetToken(ids.next(), OpaqueTokens.hash(token), user.id(), now, expires));
                return resetMail(user, token);
            }).orElse(null));
            if (mail != null) {
                mailSender.execute(() -> send(mail)); // committed: a slow mail server does not hold up the next request
            }
        } catch (RuntimeException e) {
            log.error("A password reset link could not be issued", e);
        }
    }

    @Override
    @Transactional
    public void reset(String rawToken, String newPassword) {
        PasswordPolicy.check("new_password", newPassword);
        Instant now = clock.instant();
        PasswordResetToken token = tokens.findByTokenHash(OpaqueTokens.hash(rawToken))
                .filter(t -> t.isUsable(now))
                .orElseThrow(ResetPasswordProblem::new);
        if (tokens.use(token.id(), now) == 0) {
            throw new ResetPasswordProblem();
        }
        UserAccount user = users.findActive(token.userId()).orElseThrow(ResetPasswordProblem::new);
        user.changePasswordHash(passwords.hash("new_password", newPassword), now);
        users.saveAndFlush(user);
        tokens.invalidateAllOfUser(user.id(), now);
        sessions.endAllSessions(user.id());
        // the owner's way back in: sign-in with the new password is not held up by the failures that paused it
        String username = user.username();
        String email = user.email();
        AfterCommit.run(() -> loginThrottle.forget(username, email));
    }

    private MailMessage resetMail(UserAccount user, String token) {
        String link = properties.passwordResetUrl() + token;
        long minutes = properties.passwordResetTtl().toMinutes();
        String text = """
                Hello %s,

                someone asked to reset the password of your EventFlow account. If it was you, open this link \
                within %d minutes and choose a new password:

                %s

                If it was not you, ignore this mail: your password stays as it is.
                """.formatted(user.username(), minutes, link);
        String to = Objects.requireNonNull(user.email(), "found by its e-mail address, so it has one");
        return new MailMessage(to, "Reset your EventFlow password", text, null);
    }

    private void send(MailMessage mail) {
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            log.error("Password reset mail could not be sent", e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        requests.shutdown(); // the one being issued finishes (its database is still open); queued ones are lost
        requests.awaitTermination(5, TimeUnit.SECONDS);
        mailSender.shutdown();
    }

    static final class ResetPasswordProblem extends InvalidInput {
        ResetPasswordProblem() {
            super("The reset token is invalid, expired or already used; request a new link",
                    java.util.List.of(new FieldProblem("token", "is invalid, expired or already used")));
        }
    }
}
