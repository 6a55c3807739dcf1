package io.eventflow.identity.account;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.eventflow.identity.Role;
import io.eventflow.identity.UserDirectory.Contact;
import io.eventflow.identity.UserDirectory.UserSummary;

/**
 * The directory's single-user reads as plain SQL. Other modules' listeners call them for every booking and
 * follow (a name, an address); through JPA each one cost a session flush check and query set-up that
 * measured as a quarter of the listeners' CPU in the booking rush (bench/booking).
 */
@Component
class ActiveUserQueries {

    private final JdbcClient jdbc;

    ActiveUserQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserSummary> summary(UUID userId) {
        return jdbc.sql("SELECT id, number, username, role FROM users WHERE id = ? AND deleted_at IS NULL")
                .param(userId)
                .query((rs, n) -> new UserSummary(rs.getObject("id", UUID.class), rs.getLong("number"), rs.getString("username"),
                        Role.fromWire(rs.getString("role"))))
                .optional();
    }

    /** Older client APIs name users by number, so they ask this on most of their requests. */
    Optional<UUID> idByNumber(long number) {
        return jdbc.sql("SELECT id FROM users WHERE number = ? AND deleted_at IS NULL")
                .param(number)
                .query((rs, n) -> rs.getObject("id", UUID.class))
                .optional();
    }

    /** Empty for an unknown or deleted account, or one without an address. */
    Optional<String> email(UUID userId) {
        return jdbc.sql("SELECT email FROM users WHERE id = ? AND deleted_at IS NULL")
                .param(userId)
                .query((rs, n) -> Optional.ofNullable(rs.getString("email")))
                .optional()
                .flatMap(address -> address);
    }

    /** Empty for an unknown or deleted account, or one whose user chose no language. */
    Optional<String> language(UUID userId) {
        return jdbc.sql("SELECT language FROM users WHERE id = ? AND deleted_at IS NULL")
                .param(userId)
                .query((rs, n) -> Optional.ofNullable(rs.getString("language")))
                .optional()
                .flatMap(language -> language);
    }

    /** The names, and the addresses their owners share with organizers, of the active users among {@code userIds}. */
    Map<UUID, Contact> contacts(Collection<UUID> userIds) {
        Map<UUID, Contact> contacts = new HashMap<>();
        jdbc.sql("SELECT id, username, email, share_email_with_organizers FROM users WHERE id IN (:ids) AND deleted_at IS NULL")
                .param("ids", userIds)
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    contacts.put(id, new Contact(id, rs.getString("username"),
                            rs.getBoolean("share_email_with_organizers") ? rs.getString("email") : null));
                });
        return contacts;
    }
}
