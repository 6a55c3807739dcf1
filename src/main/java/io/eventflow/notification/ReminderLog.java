package io.eventflow.notification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The reminders already sent. Claiming one is an insert that does nothing if it exists. */
@Repository
class ReminderLog {

    static final String STARTING_SOON = "starting_soon";

    private final NamedParameterJdbcTemplate jdbc;
    /**
     * PostgreSQL's ON CONFLICT DO NOTHING is race-free between nodes: the second insert waits for the first to
     * commit and then inserts nothing. H2 (embedded mode, one node, one scheduler thread) uses NOT EXISTS.
     */
    private final boolean postgres;

    ReminderLog(NamedParameterJdbcTemplate jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        try (Connection connection = dataSource.getConnection()) {
            postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        }
    }

    /** True if this call recorded the reminder, i.e. it is this caller's to send. */
    boolean claim(UUID id, UUID eventId, UUID userId, String kind, Instant eventStart, Instant now) {
        Map<String, Object> p = Map.of("id", id, "event", eventId, "user", userId, "kind", kind,
                "start", Timestamp.from(eventStart), "now", Timestamp.from(now));
        String sql = postgres
                ? "INSERT INTO reminders (id, event_id, user_id, kind, event_start, sent_at) "
                        + "VALUES (:id, :event, :user, :kind, :start, :now) ON CONFLICT (event_id, user_id, kind) DO NOTHING"
                : "INSERT INTO reminders (id, event_id, user_id, kind, event_start, sent_at) "
                        + "SELECT :id, :event, :user, :kind, :start, :now WHERE NOT EXISTS "
                        + "(SELECT 1 FROM reminders WHERE event_id = :event AND user_id = :user AND kind = :kind)";
        return jdbc.update(sql, p) == 1;
    }

    long countFor(UUID eventId, UUID userId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM reminders WHERE event_id = :event AND user_id = :user",
                Map.of("event", eventId, "user", userId), Long.class);
    }
}
