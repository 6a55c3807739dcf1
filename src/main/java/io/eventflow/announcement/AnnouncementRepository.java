package io.eventflow.announcement;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class AnnouncementRepository {

    private final NamedParameterJdbcTemplate jdbc;

    AnnouncementRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AnnouncementView a) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", a.id());
        p.put("event", a.eventId());
        p.put("author", a.authorId());
        p.put("subject", a.subject());
        p.put("body", a.body());
        p.put("audience", a.audience().wireName());
        p.put("at", Timestamp.from(a.createdAt()));
        jdbc.update("INSERT INTO announcements (id, event_id, author_id, subject, body, audience, created_at) "
                + "VALUES (:id, :event, :author, :subject, :body, :audience, :at)", p);
    }

    /** Newest first, over ix_announcements_event. */
    List<AnnouncementView> page(UUID eventId, int limit, long offset) {
        return jdbc.query("SELECT * FROM announcements WHERE event_id = :event ORDER BY created_at DESC, id DESC "
                + "LIMIT :limit OFFSET :offset", Map.of("event", eventId, "limit", limit, "offset", offset),
                (rs, n) -> new AnnouncementView(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                        rs.getObject("author_id", UUID.class), rs.getString("subject"), rs.getString("body"),
                        Audience.fromWire(rs.getString("audience")), rs.getObject("created_at", OffsetDateTime.class).toInstant()));
    }

    long count(UUID eventId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM announcements WHERE event_id = :event",
                Map.of("event", eventId), Long.class);
        return Objects.requireNonNull(count, "COUNT(*) always returns a row");
    }

    void deleteOfEvent(UUID eventId) {
        jdbc.update("DELETE FROM announcements WHERE event_id = :event", Map.of("event", eventId));
    }
}
