package io.eventflow.identity.token;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revocations in the shared database: the record in either mode. Alone (embedded default) it answers every
 * authenticated request with one indexed look-up; with Redis it is written on every revocation and read only while
 * Redis cannot vouch for its copy (see {@link RedisTokenRevocations}).
 */
class DatabaseTokenRevocations implements TokenRevocations {

    /** A cutoff older than one access-token lifetime (and the clock skew, with room) can refuse no living token. */
    private static final Duration CUTOFF_MARGIN = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration accessTokenTtl;
    /** Upserts are vendor SQL: PostgreSQL's ON CONFLICT is race-free, H2 (embedded, one node) has MERGE ... KEY. */
    private final boolean postgres;

    DatabaseTokenRevocations(JdbcClient jdbc, Clock clock, Duration accessTokenTtl, boolean postgres) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.accessTokenTtl = accessTokenTtl;
        this.postgres = postgres;
    }

    @Override
    @Transactional
    public void revokeToken(UUID tokenId, Instant expiresAt) {
        // Idempotent under concurrency: two logouts with one token must not collide on the primary key
        // (on PostgreSQL a failed insert would abort the caller's whole transaction).
        jdbc.sql(postgres
                ? "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (:jti, :expires) ON CONFLICT (jti) DO NOTHING"
                : "MERGE INTO revoked_access_tokens KEY (jti) VALUES (:jti, :expires)")
                .param("jti", tokenId)
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    @Override
    @Transactional
    public void revokeUserTokensIssuedBefore(UUID userId, Instant cutoff) {
        if (postgres) {
            jdbc.sql("""
                    INSERT INTO user_token_cutoffs (user_id, not_before) VALUES (:user, :cutoff)
                    ON CONFLICT (user_id) DO UPDATE SET not_before = GREATEST(user_token_cutoffs.not_before, EXCLUDED.not_before)""")
                    .param("user", userId)
                    .param("cutoff", Timestamp.from(cutoff))
                    .update();
        } else {
            jdbc.sql("MERGE INTO user_token_cutoffs KEY (user_id) VALUES (:user, :cutoff)")
                    .param("user", userId)
                    .param("cutoff", Timestamp.from(cutoff))
                    .update();
        }
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
                .param("limit", Timestamp.from(cutoffsMatterSince(now)))
                .update();
    }

    /** The revoked tokens that have not expired yet: what a copy in Redis must hold. */
    List<RevokedToken> liveTokens(Instant now) {
        return jdbc.sql("SELECT jti, expires_at FROM revoked_access_tokens WHERE expires_at >= :now")
                .param("now", Timestamp.from(now))
                .query((row, n) -> new RevokedToken(row.getObject("jti", UUID.class), row.getTimestamp("expires_at").toInstant()))
                .list();
    }

    /** The cutoffs that may still refuse a living token. */
    List<UserCutoff> liveCutoffs(Instant now) {
        return jdbc.sql("SELECT user_id, not_before FROM user_token_cutoffs WHERE not_before >= :limit")
                .param("limit", Timestamp.from(cutoffsMatterSince(now)))
                .query((row, n) -> new UserCutoff(row.getObject("user_id", UUID.class), row.getTimestamp("not_before").toInstant()))
                .list();
    }

    /** How long a cutoff made at {@code cutoff} matters: until the last token issued before it has expired. */
    Instant cutoffMattersUntil(Instant cutoff) {
        return cutoff.plus(accessTokenTtl).plus(CUTOFF_MARGIN);
    }

    private Instant cutoffsMatterSince(Instant now) {
        return now.minus(accessTokenTtl).minus(CUTOFF_MARGIN);
    }

    record RevokedToken(UUID tokenId, Instant expiresAt) {
    }

    record UserCutoff(UUID userId, Instant cutoff) {
    }
}
