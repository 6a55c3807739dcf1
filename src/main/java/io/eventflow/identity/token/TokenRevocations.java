package io.eventflow.identity.token;

import java.time.Instant;
import java.util.UUID;

/**
 * Access tokens are self-contained JWTs, so revoking one before it expires needs a list every node
 * consults on every request. The database keeps it in either mode; when Redis is configured, Redis answers the
 * checks from a copy, and the database takes over while that copy is incomplete (Redis lost its data) or Redis
 * cannot be reached ({@link RedisTokenRevocations}).
 */
public interface TokenRevocations {

    /** Revokes one access token (logout). It can be forgotten once the token would have expired anyway. */
    void revokeToken(UUID tokenId, Instant expiresAt);

    /** Revokes every access token of the user issued before {@code cutoff} (password reset, deletion). */
    void revokeUserTokensIssuedBefore(UUID userId, Instant cutoff);

    boolean isRevoked(UUID tokenId, UUID userId, Instant issuedAt);
}
