package io.eventflow.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.eventflow.platform.Vendor;

/** The reminders already sent. Claiming one is an insert that does nothing if it exists. */
@Repository
class ReminderLog {

    static final String STARTING_SOON = "starting_soon";

    private final NamedParameterJdbcTemplate jdbc;
    private final String claim;

    ReminderLog(NamedParameterJdbcTemplate jdbc, Vendor vendor) {
        this.jdbc = jdbc;
        this.claim = vendor.insertIfAbsent("reminders", "id, event_id, user_id, kind, event_start, sent_at", "event_id, user_id, kind");
    }

    /** True if this call recorded the reminder, i.e. it is this caller's to send. */
    boolean claim(UUID id, UUID eventId, UUID userId, String kind, Instant eventStart, Instant now) {
        Map<String, Object> p = Map.of("id", id, "event_id", eventId, "user_id", userId, "kind", kind,
                "event_start", Timestamp.from(eventStart), "sent_at", Timestamp.from(now));
        try {
            return jdbc.update(claim, p) == 1;
        } catch (DuplicateKeyException claimedMeanwhile) {
            return false; // H2's insert-if-absent is not atomic: another node's claim committed between check and insert
        }
    }

    long countFor(UUID eventId, UUID userId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM reminders WHERE event_id = :event AND user_id = :user",
                Map.of("event", eventId, "user", userId), Long.class);
        return Objects.requireNonNull(count, "COUNT(*) is never null");
    }
}
