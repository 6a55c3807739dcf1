package io.eventflow.identity.account;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.Generated;
import org.jspecify.annotations.Nullable;

import io.eventflow.identity.Role;
import io.eventflow.platform.AssignedIdEntity;

@Entity
@Table(name = "users")
public class UserAccount extends AssignedIdEntity {

    @Id
    private UUID id;
    /** Handed out by the database on insert (an identity column, V19), never changed; read back by the flush. */
    @Generated
    @Column(name = "number", insertable = false, updatable = false)
    private @Nullable Long number;
    private String username;
    @Column(name = "username_key")
    private String usernameKey;
    private @Nullable String email;
    @Column(name = "password_hash")
    private String passwordHash;
    @Convert(converter = RoleColumn.class)
    private Role role;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "deleted_at")
    private @Nullable Instant deletedAt;
    /** Whether organizers of events this user books see the address in their attendee exports (V24). */
    @Column(name = "share_email_with_organizers")
    private boolean shareEmailWithOrganizers;
    /** The language the user chose, one of {@code Languages.SUPPORTED}; null until they choose (V28). */
    private @Nullable String language;
    @Version
    private @Nullable Long version;

    protected UserAccount() {
    }

    /** {@code email} null only for a {@link #builtIn} account. */
    UserAccount(UUID id, String username, @Nullable String email, String passwordHash, Role role, Instant now) {
        this.id = id;
        this.username = username.trim();
        this.usernameKey = usernameKey(username);
        this.email = email == null ? null : normalizeEmail(email);
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * An account that belongs to EventFlow rather than to a person (see {@code Accounts.builtInOrganizer}): no address,
     * so nothing is mailed to it and no reset link can reach it, and a password hash nothing matches.
     */
    static UserAccount builtIn(UUID id, String username, String unusableHash, Role role, Instant now) {
        return new UserAccount(id, username, null, unusableHash, role, now);
    }

    static String usernameKey(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
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

    void shareEmailWithOrganizers(boolean share, Instant now) {
        this.shareEmailWithOrganizers = share;
        this.updatedAt = now;
    }

    public boolean sharesEmailWithOrganizers() {
        return shareEmailWithOrganizers;
    }

    void chooseLanguage(String language, Instant now) {
        this.language = language;
        this.updatedAt = now;
    }

    public @Nullable String language() {
        return language;
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
        this.shareEmailWithOrganizers = false;
        this.language = null;
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

    /** The account's number; only known once the row is inserted, so a new account is flushed before this is asked. */
    public long number() {
        return Objects.requireNonNull(number, "the database numbers an account on insert: flush a new one first");
    }

    public String username() {
        return username;
    }

    /** Null once the account is deleted (see {@link #anonymise}). */
    public @Nullable String email() {
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
        public @Nullable String convertToDatabaseColumn(@Nullable Role role) {
            return role == null ? null : role.wireName();
        }

        @Override
        public @Nullable Role convertToEntityAttribute(@Nullable String value) {
            return value == null ? null : Role.fromWire(value);
        }
    }
}
