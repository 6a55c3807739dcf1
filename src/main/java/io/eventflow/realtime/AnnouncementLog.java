package io.eventflow.realtime;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.eventflow.platform.Vendor;

/**
 * The public announcements already made, one row per event, start time and kind. Claiming one is an insert that
 * does nothing if the row exists; the announcement is the claimer's to make.
 */
@Repository
class AnnouncementLog {

    static final String STARTING_SOON = "starting_soon";

    /** One announcement: the event at one start time. */
    record Key(UUID eventId, Instant startTime) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final String claim;

    AnnouncementLog(NamedParameterJdbcTemplate jdbc, Vendor vendor) {
        this.jdbc = jdbc;
        this.claim = vendor.insertIfAbsent("public_announcements", "event_id, start_time, kind, announced_at",
                "event_id, start_time, kind");
    }

    /**
     * True if this call recorded the announcement, i.e. it is this caller's to make. On PostgreSQL a claim of the
     * same key by a transaction still open waits for it: taken if that one rolls back, refused if it commits.
     */
    boolean claim(UUID eventId, Instant startTime, String kind, Instant now) {
        Map<String, Object> p = Map.of("event_id", eventId, "start_time", Timestamp.from(startTime), "kind", kind,
                "announced_at", Timestamp.from(now));
        try {
            return jdbc.update(claim, p) == 1;
        } catch (DuplicateKeyException claimedMeanwhile) {
            return false; // H2's insert-if-absent is not atomic: another claim committed between check and insert
        }
    }

    /** The announcements of a kind made for starts after {@code from} and no later than {@code to}. */
    Set<Key> madeFor(String kind, Instant from, Instant to) {
        return new HashSet<>(jdbc.query("SELECT event_id, start_time FROM public_announcements "
                + "WHERE kind = :kind AND start_time > :from AND start_time <= :to",
                Map.of("kind", kind, "from", Timestamp.from(from), "to", Timestamp.from(to)),
                (rs, n) -> new Key(Objects.requireNonNull(rs.getObject("event_id", UUID.class), "a key column"),
                        Objects.requireNonNull(rs.getObject("start_time", OffsetDateTime.class), "a key column").toInstant())));
    }

    long countFor(UUID eventId, String kind) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM public_announcements WHERE event_id = :event AND kind = :kind",
                Map.of("event", eventId, "kind", kind), Long.class);
        return Objects.requireNonNull(count, "COUNT(*) is never null");
    }
}
