package io.eventflow.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.eventflow.notification.NotificationType.Channel;
import io.eventflow.platform.Vendor;

@Repository
class NotificationStore {

    private static final String COLUMNS = "id, user_id, type, channel, status, attempts, details, event_id, recipient, subject, "
            + "body_text, body_html, body_calendar, data, dedup_key, created_at, next_attempt_at, sent_at";

    private final NamedParameterJdbcTemplate jdbc;
    private final String insert;

    NotificationStore(NamedParameterJdbcTemplate jdbc, Vendor vendor) {
        this.jdbc = jdbc;
        this.insert = vendor.insertIfAbsent("notifications", COLUMNS, "dedup_key");
    }

    /** Stores the notification unless one with the same key exists; true if this call stored it. */
    boolean add(Notification n) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", n.id());
        p.put("user_id", n.userId());
        p.put("type", n.type().wireName());
        p.put("channel", n.channel().wireName());
        p.put("status", n.status());
        p.put("attempts", n.attempts());
        p.put("details", n.details());
        p.put("event_id", n.eventId());
        p.put("recipient", n.recipient());
        p.put("subject", n.subject());
        p.put("body_text", n.text());
        p.put("body_html", n.html());
        p.put("body_calendar", n.calendar());
        p.put("data", n.data());
        p.put("dedup_key", n.dedupKey());
        p.put("created_at", Timestamp.from(n.createdAt()));
        p.put("next_attempt_at", n.nextAttemptAt() == null ? null : Timestamp.from(n.nextAttemptAt()));
        p.put("sent_at", n.sentAt() == null ? null : Timestamp.from(n.sentAt()));
        return jdbc.update(insert, p) == 1;
    }

    /** The notifications with these keys, by key. */
    Map<String, Notification> byKeys(java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Notification> found = new HashMap<>();
        jdbc.query("SELECT * FROM notifications WHERE dedup_key IN (:keys)", Map.of("keys", keys), rs -> {
            Notification n = row(rs);
            found.put(n.dedupKey(), n);
        });
        return found;
    }

    Optional<Notification> find(UUID id) {
        return jdbc.query("SELECT * FROM notifications WHERE id = :id", Map.of("id", id), (rs, n) -> row(rs)).stream().findFirst();
    }

    /** The user's in-app notifications, newest first. */
    List<Notification> inApp(UUID userId, int limit, long offset) {
        return jdbc.query("SELECT * FROM notifications WHERE user_id = :user AND channel = 'in_app' "
                + "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset",
                Map.of("user", userId, "limit", limit, "offset", offset), (rs, n) -> row(rs));
    }

    long countInApp(UUID userId, boolean unreadOnly) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM notifications "
                + "WHERE user_id = :user AND channel = 'in_app'" + (unreadOnly ? " AND read_at IS NULL" : ""),
                Map.of("user", userId), Long.class);
        return Objects.requireNonNull(count, "COUNT(*) is never null");
    }

    boolean markRead(UUID id, UUID userId, Instant now) {
        return jdbc.update("UPDATE notifications SET read_at = COALESCE(read_at, :now) WHERE id = :id AND user_id = :user "
                + "AND channel = 'in_app'", Map.of("id", id, "user", userId, "now", Timestamp.from(now))) == 1;
    }

    void markAllRead(UUID userId, Instant now) {
        jdbc.update("UPDATE notifications SET read_at = :now WHERE user_id = :user AND channel = 'in_app' AND read_at IS NULL",
                Map.of("user", userId, "now", Timestamp.from(now)));
    }

    /** E-mails due for an attempt, oldest first. */
    List<Notification> due(Instant now, int limit) {
        return jdbc.query("SELECT * FROM notifications WHERE status = 'pending' AND next_attempt_at <= :now "
                + "ORDER BY next_attempt_at, id LIMIT :limit", Map.of("now", Timestamp.from(now), "limit", limit), (rs, n) -> row(rs));
    }

    /**
     * Takes an attempt for this caller: moves the due time past the lease, only if nobody else did since it was
     * read. Several nodes may poll at once; each attempt belongs to exactly one of them.
     */
    boolean claim(Notification n, Instant leaseUntil) {
        return jdbc.update("UPDATE notifications SET next_attempt_at = :lease WHERE id = :id AND status = 'pending' "
                + "AND next_attempt_at = :seen", Map.of("id", n.id(), "lease", Timestamp.from(leaseUntil),
                "seen", Timestamp.from(Objects.requireNonNull(n.nextAttemptAt(), "a due e-mail has a due time")))) == 1;
    }

    /**
     * Counts an attempt as the caller's — only if nobody counted one since {@code attemptsSoFar} was read — and
     * renews the lease for the time the attempt may take, so no dispatcher hands the mail out again meanwhile.
     */
    boolean takeAttempt(UUID id, int attemptsSoFar, Instant leaseUntil) {
        return jdbc.update("UPDATE notifications SET attempts = :next, next_attempt_at = :lease WHERE id = :id "
                + "AND status = 'pending' AND attempts = :seen",
                Map.of("id", id, "seen", attemptsSoFar, "next", attemptsSoFar + 1, "lease", Timestamp.from(leaseUntil))) == 1;
    }

    // The outcomes apply only to the attempt that took them: a stale attempt cannot overwrite a newer one's result.

    void sent(UUID id, int attempts, Instant now) {
        jdbc.update("UPDATE notifications SET status = 'sent', sent_at = :now, next_attempt_at = NULL, details = NULL "
                + "WHERE id = :id AND status = 'pending' AND attempts = :attempts",
                Map.of("id", id, "attempts", attempts, "now", Timestamp.from(now)));
    }

    void retryLater(UUID id, int attempts, String reason, Instant next) {
        jdbc.update("UPDATE notifications SET details = :reason, next_attempt_at = :next "
                + "WHERE id = :id AND status = 'pending' AND attempts = :attempts",
                Map.of("id", id, "attempts", attempts, "reason", reason, "next", Timestamp.from(next)));
    }

    boolean failed(UUID id, int attempts, String reason) {
        return jdbc.update("UPDATE notifications SET status = 'failed', details = :reason, next_attempt_at = NULL "
                + "WHERE id = :id AND status = 'pending' AND attempts = :attempts",
                Map.of("id", id, "attempts", attempts, "reason", reason)) == 1;
    }

    List<Notification> failed(int limit, long offset) {
        return jdbc.query("SELECT * FROM notifications WHERE status = 'failed' ORDER BY created_at DESC, id DESC "
                + "LIMIT :limit OFFSET :offset", Map.of("limit", limit, "offset", offset), (rs, n) -> row(rs));
    }

    long countFailed() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM notifications WHERE status = 'failed'", Map.of(),
                Long.class);
        return Objects.requireNonNull(count, "COUNT(*) is never null");
    }

    private static Notification row(ResultSet rs) throws SQLException {
        return new Notification(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                NotificationType.fromWire(rs.getString("type")), Channel.fromWire(rs.getString("channel")), rs.getString("status"),
                rs.getInt("attempts"), rs.getString("details"), rs.getObject("event_id", UUID.class), rs.getString("recipient"),
                rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html"), rs.getString("body_calendar"),
                rs.getString("data"),
                Objects.requireNonNull(instant(rs, "created_at"), "created_at is NOT NULL"),
                instant(rs, "next_attempt_at"), instant(rs, "sent_at"), instant(rs, "read_at"),
                rs.getString("dedup_key"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
