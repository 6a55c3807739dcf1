package io.eventflow.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.mail.MailMessage;
import io.eventflow.platform.mail.Mailer;
import io.eventflow.platform.web.ApiException;

/**
 * Forgotten passwords. The answer to "send me a link" is the same whether or not the address exists,
 * and the mail leaves on another thread after commit, so neither the response nor its timing tells.
 * The link's token is stored only as a hash; it works once, and only until it expires.
 */
@Service
class PasswordResetService {

    private static final Logger log = LoggerFactory.getLogger(PasswordResetService.class);

    private final UserAccountRepository users;
    private final PasswordResetTokenRepository tokens;
    private final SessionService sessions;
    private final Passwords passwords;
    private final Mailer mailer;
    private final IdentityProperties properties;
    private final IdGenerator ids;
    private final Clock clock;
    // The reset link must not pass through the event publication table, where it would rest in clear text.
    private final ExecutorService mailSender = Executors.newVirtualThreadPerTaskExecutor();

    PasswordResetService(UserAccountRepository users, PasswordResetTokenRepository tokens, SessionService sessions,
            Passwords passwords, Mailer mailer, IdentityProperties properties, IdGenerator ids, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.passwords = passwords;
        this.mailer = mailer;
        this.properties = properties;
        this.ids = ids;
        this.clock = clock;
    }

    @Transactional
    void requestReset(String email) {
        users.findActiveByEmail(UserAccount.normalizeEmail(email)).ifPresent(user -> {
            Instant now = clock.instant();
            tokens.invalidateAllOfUser(user.id(), now);
            String token = OpaqueTokens.generate();
            Instant expires = now.plus(properties.passwordResetTtl());
            tokens.save(new PasswordResetToken(ids.next(), OpaqueTokens.hash(token), user.id(), now, expires));
            MailMessage mail = resetMail(user, token);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    mailSender.execute(() -> send(mail));
                }
            });
        });
    }

    @Transactional
    void reset(String rawToken, String newPassword) {
        Passwords.check("new_password", newPassword);
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
        return new MailMessage(user.email(), "Reset your EventFlow password", text, null);
    }

    private void send(MailMessage mail) {
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            log.error("Password reset mail could not be sent", e);
        }
    }

    @PreDestroy
    void stop() {
        mailSender.shutdown();
    }

    static final class ResetPasswordProblem extends ApiException.BadRequest {
        ResetPasswordProblem() {
            super("The reset token is invalid, expired or already used; request a new link",
                    java.util.List.of(new FieldProblem("token", "is invalid, expired or already used")));
        }
    }
}
