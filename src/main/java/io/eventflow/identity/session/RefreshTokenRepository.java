package io.eventflow.identity.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.ListCrudRepository;

interface RefreshTokenRepository extends ListCrudRepository<RefreshToken, UUID> {

    Optional<RefreshToken> findByTokenHash(String tokenHash);

    /** Spends a token; 0 rows means someone spent (or revoked) it first: a replay. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update RefreshToken t set t.usedAt = :now where t.id = :id and t.usedAt is null and t.revokedAt is null")
    int spend(UUID id, Instant now);

    /*
     * Revoking touches only the live tokens (neither spent nor revoked): a spent token can mint nothing, and a family
     * has one live token at a time, so a revocation locks at most one row per session. Touching the spent rows too
     * made concurrent replays of one token lock two rows in different orders and deadlock on PostgreSQL.
     */

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update RefreshToken t set t.revokedAt = :now where t.familyId = :familyId and t.usedAt is null and t.revokedAt is null")
    int revokeFamily(UUID familyId, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update RefreshToken t set t.revokedAt = :now where t.userId = :userId and t.usedAt is null and t.revokedAt is null")
    int revokeAllOfUser(UUID userId, Instant now);

    @Modifying
    @Query("delete from RefreshToken t where t.expiresAt < :before")
    int deleteExpiredBefore(Instant before);
}
