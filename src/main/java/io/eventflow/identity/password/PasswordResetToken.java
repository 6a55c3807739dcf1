package io.eventflow.identity.password;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.AssignedIdEntity;

@Entity
@Table(name = "password_reset_tokens")
class PasswordResetToken extends AssignedIdEntity {

    @Id
    private UUID id;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private @Nullable Instant usedAt;

    protected PasswordResetToken() {
    }

    @Override
    public UUID getId() {
        return id;
    }

    PasswordResetToken(UUID id, String tokenHash, UUID userId, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.tokenHash = tokenHash;
        this.userId = userId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    boolean isUsable(Instant now) {
        return usedAt == null && expiresAt.isAfter(now);
    }
}
