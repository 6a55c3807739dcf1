package io.eventflow.identity.account;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.eventflow.identity.Role;
import io.eventflow.platform.AssignedIdEntity;

@Entity
@Table(name = "users")
public class UserAccount extends AssignedIdEntity {

    @Id
    private UUID id;
    private String username;
    @Column(name = "username_key")
    private String usernameKey;
    private String email;
    @Column(name = "password_hash")
    private String passwordHash;
    @Convert(converter = RoleColumn.class)
    private Role role;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    @Version
    private Long version;

    protected UserAccount() {
    }

    UserAccount(UUID id, String username, String email, String passwordHash, Role role, Instant now) {
        this.id = id;
        rename(username, now);
        this.email = normalizeEmail(email);
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = now;
        this.updatedAt = now;
    }

    static String usernameKey(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    void rename(String newUsername, Instant now) {
        this.username = newUsername.trim();
        this.usernameKey = usernameKey(newUsername);
        this.updatedAt = now;
    }

    void changeEmail(String newEmail, Instant now) {
        this.email = normalizeEmail(newEmail);
        this.updatedAt = now;
    }

    public void changePasswordHash(String newHash, Instant now) {
        this.passwordHash = newHash;
        this.updatedAt = now;
    }

    void changeRole(Role newRole, Instant now) {
        this.role = newRole;
        this.updatedAt = now;
    }

    /**
     * Deletion keeps the row, so that bookings, messages and photos of other modules keep a valid
     * author id, but nothing personal stays: no name, no address, no usable password.
     */
    void anonymise(String unusableHash, Instant now) {
        this.username = "deleted-user";
        this.usernameKey = "deleted-" + id;
        this.email = null;
        this.passwordHash = unusableHash;
        this.deletedAt = now;
        this.updatedAt = now;
    }

    boolean isDeleted() {
        return deletedAt != null;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String email() {
        return email;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Role role() {
        return role;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    @Converter
    static class RoleColumn implements AttributeConverter<Role, String> {
        @Override
        public String convertToDatabaseColumn(Role role) {
            return role == null ? null : role.wireName();
        }

        @Override
        public Role convertToEntityAttribute(String value) {
            return value == null ? null : Role.fromWire(value);
        }
    }
}
