package io.eventflow.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.annotation.Transactional;

/** Revocations in the shared database; one indexed look-up per authenticated request. */
class DatabaseTokenRevocations implements TokenRevocations {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration accessTokenTtl;

    DatabaseTokenRevocations(JdbcClient jdbc, Clock clock, Duration accessTokenTtl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.accessTokenTtl = accessTokenTtl;
    }

    @Override
    @Transactional
    public void revokeToken(UUID tokenId, Instant expiresAt) {
        jdbc.sql("""
                MERGE INTO revoked_access_tokens t USING (VALUES (CAST(:jti AS UUID), CAST(:expires AS TIMESTAMP WITH TIME ZONE))) AS s (jti, expires_at)
                ON t.jti = s.jti
                WHEN NOT MATCHED THEN INSERT (jti, expires_at) VALUES (s.jti, s.expires_at)""")
                .param("jti", tokenId)
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    @Override
    @Transactional
    public void revokeUserTokensIssuedBefore(UUID userId, Instant cutoff) {
        jdbc.sql("""
                MERGE INTO user_token_cutoffs t USING (VALUES (CAST(:user AS UUID), CAST(:cutoff AS TIMESTAMP WITH TIME ZONE))) AS s (user_id, not_before)
                ON t.user_id = s.user_id
                WHEN MATCHED THEN UPDATE SET not_before = s.not_before
                WHEN NOT MATCHED THEN INSERT (user_id, not_before) VALUES (s.user_id, s.not_before)""")
                .param("user", userId)
                .param("cutoff", Timestamp.from(cutoff))
                .update();
    }

    @Override
    public boolean isRevoked(UUID tokenId, UUID userId, Instant issuedAt) {
        Integer hits = jdbc.sql("""
                SELECT (SELECT COUNT(*) FROM revoked_access_tokens WHERE jti = :jti)
                     + (SELECT COUNT(*) FROM user_token_cutoffs WHERE user_id = :user AND not_before > :issued)""")
                .param("jti", tokenId)
                .param("user", userId)
                .param("issued", Timestamp.from(issuedAt))
                .query(Integer.class)
                .single();
        return hits != null && hits > 0;
    }

    /** Entries outlive their purpose once every token they could match has expired. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @Transactional
    public void forgetExpired() {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM revoked_access_tokens WHERE expires_at < :now").param("now", Timestamp.from(now)).update();
        jdbc.sql("DELETE FROM user_token_cutoffs WHERE not_before < :limit")
                .param("limit", Timestamp.from(now.minus(accessTokenTtl).minus(Duration.ofMinutes(5))))
                .update();
    }
}
