package io.eventflow.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An event as other modules see it, read with plain SQL. The other modules' listeners read one for nearly every
 * booking (the title for a notification, an activity); loaded through JPA each read set up a persistence context
 * and an entity, which measured as 30 % of the listeners' CPU in the booking rush (bench/booking).
 */
@Component
class EventSnapshotQueries {

    private final JdbcClient jdbc;

    EventSnapshotQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<EventSnapshot> find(UUID eventId) {
        return jdbc.sql("""
                SELECT id, title, description, category, start_time, end_time, timezone, location, latitude, longitude,
                       geofence_radius_m, capacity, price, currency, organizer_id, status, created_at, updated_at, version
                FROM events WHERE id = ?""")
                .param(eventId)
                .query((rs, n) -> new EventSnapshot(rs.getObject("id", UUID.class), rs.getString("title"),
                        rs.getString("description"), rs.getString("category"), instant(rs, "start_time"),
                        instant(rs, "end_time"), rs.getString("timezone"), rs.getString("location"),
                        rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class),
                        rs.getInt("geofence_radius_m"), rs.getObject("capacity", Integer.class), rs.getBigDecimal("price"),
                        rs.getString("currency"), rs.getObject("organizer_id", UUID.class),
                        EventStatus.fromWire(rs.getString("status")), instant(rs, "created_at"), instant(rs, "updated_at"),
                        rs.getLong("version")))
                .optional();
    }

    /** Only for the NOT NULL time columns of events. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return Objects.requireNonNull(value, column + " is NOT NULL").toInstant();
    }
}
