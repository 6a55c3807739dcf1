package io.eventflow.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;
import jakarta.persistence.Table;

/** One link in a login's chain of refresh tokens; the token itself is never stored, only its hash. */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken implements Persistable<UUID> {

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
    private Instant usedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    /** Ids are assigned before insert; this spares Spring Data a SELECT to tell new from existing. */
    @Transient
    private boolean fresh = true;

    protected RefreshToken() {
    }

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        fresh = false;
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
