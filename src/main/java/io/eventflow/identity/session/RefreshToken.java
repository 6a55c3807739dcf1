package io.eventflow.identity.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.AssignedIdEntity;

/** One link in a login's chain of refresh tokens; the token itself is never stored, only its hash. */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken extends AssignedIdEntity {

    @Id
    private UUID id;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "family_id")
    private UUID familyId;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "issued_at")
    private Instant issuedAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private @Nullable Instant usedAt;
    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    protected RefreshToken() {
    }

    @Override
    public UUID getId() {
        return id;
    }

    RefreshToken(UUID id, String tokenHash, UUID familyId, UUID userId, Instant issuedAt, Instant expiresAt) {
        this.id = id;
        this.tokenHash = tokenHash;
        this.familyId = familyId;
        this.userId = userId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    UUID id() {
        return id;
    }

    UUID familyId() {
        return familyId;
    }

    UUID userId() {
        return userId;
    }

    boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** Traded for a new pair already: presenting it again is a replay. */
    boolean isSpent() {
        return usedAt != null;
    }

    boolean isRevoked() {
        return revokedAt != null;
    }
}
