package io.eventflow.identity.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.password.PasswordResetTokenRepository;

/**
 * Deletes refresh tokens and reset links a while after they expired. The grace period keeps a replayed,
 * recently expired refresh token recognisable as such in the logs. Idempotent: every node may run it.
 */
@Component
class CredentialHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(CredentialHousekeeping.class);
    private static final Duration GRACE = Duration.ofDays(1);

    private final RefreshTokenRepository refreshTokens;
    private final PasswordResetTokenRepository resetTokens;
    private final Clock clock;

    CredentialHousekeeping(RefreshTokenRepository refreshTokens, PasswordResetTokenRepository resetTokens, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.resetTokens = resetTokens;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    @Transactional
    public void deleteExpired() {
        Instant before = clock.instant().minus(GRACE);
        int refresh = refreshTokens.deleteExpiredBefore(before);
        int reset = resetTokens.deleteExpiredBefore(before);
        if (refresh + reset > 0) {
            log.info("Deleted {} expired refresh tokens and {} expired reset links", refresh, reset);
        }
    }
}
