package io.eventflow.identity.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.eventflow.identity.Role;
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
}
