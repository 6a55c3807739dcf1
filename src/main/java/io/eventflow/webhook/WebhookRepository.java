package io.eventflow.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code webhook_endpoints} and {@code webhook_deliveries} tables. */
@Repository
class WebhookRepository {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private final NamedParameterJdbcTemplate jdbc;

    WebhookRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Endpoint(UUID id, UUID ownerId, boolean allEvents, String url, @Nullable String description,
            List<String> eventTypes, String secret, @Nullable String previousSecret, @Nullable Instant previousExpiresAt,
            boolean enabled, int consecutiveFailures, @Nullable String disabledReason, Instant createdAt,
            Instant updatedAt) {

        boolean subscribes(String eventType) {
            return eventTypes.contains(eventType);
        }
    }

    record Delivery(UUID id, UUID endpointId, String sourceKey, String messageId, String eventType, String payload,
            String status, int attempts, Instant nextAttemptAt, @Nullable Instant lastAttemptAt,
            @Nullable Integer statusCode, @Nullable Long durationMs, @Nullable String error,
            @Nullable String responseExcerpt, Instant createdAt) {
    }

    // ------------------------------------------------------------------------------------------------- endpoints

    void insert(Endpoint e) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("id", e.id());
        p.put("owner", e.ownerId());
        p.put("all", e.allEvents());
        p.put("url", e.url());
        p.put("description", e.description());
        p.put("types", String.join(",", e.eventTypes()));
        p.put("secret", e.secret());
        p.put("enabled", e.enabled());
        p.put("at", utc(e.createdAt()));
        jdbc.update("""
                INSERT INTO webhook_endpoints (id, owner_id, all_events, url, description, event_types, secret, enabled,
                                               consecutive_failures, created_at, updated_at)
                VALUES (:id, :owner, :all, :url, :description, :types, :secret, :enabled, 0, :at, :at)""", p);
    }

    /** Replaces what a client may change; turning it on again forgets its failures. */
    void update(UUID id, String url, @Nullable String description, List<String> types, boolean allEvents,
            boolean enabled, Instant now) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("id", id);
        p.put("url", url);
        p.put("description", description);
        p.put("types", String.join(",", types));
        p.put("all", allEvents);
        p.put("enabled", enabled);
        p.put("now", utc(now));
        jdbc.update("""
                UPDATE webhook_endpoints SET url = :url, description = :description, event_types = :types,
                       all_events = :all,
                       consecutive_failures = CASE WHEN :enabled AND NOT enabled THEN 0 ELSE consecutive_failures END,
                       disabled_reason = CASE WHEN :enabled THEN NULL ELSE disabled_reason END,
                       enabled = :enabled, updated_at = :now
                WHERE id = :id""", p);
    }

    void delete(UUID id) {
        jdbc.update("DELETE FROM webhook_endpoints WHERE id = :id", Map.of("id", id));
    }

    int deleteOwnedBy(UUID ownerId) {
        return jdbc.update("DELETE FROM webhook_endpoints WHERE owner_id = :owner", Map.of("owner", ownerId));
    }

    void rotate(UUID id, String secret, String previous, Instant previousExpiresAt, Instant now) {
        jdbc.update("""
                UPDATE webhook_endpoints SET secret = :secret, previous_secret = :previous,
                       previous_expires_at = :expires, updated_at = :now
                WHERE id = :id""", Map.of("id", id, "secret", secret, "previous", previous, "expires",
                utc(previousExpiresAt), "now", utc(now)));
    }

    Optional<Endpoint> find(UUID id) {
        return jdbc.query("SELECT * FROM webhook_endpoints WHERE id = :id", Map.of("id", id), (rs, n) -> endpoint(rs))
                .stream().findFirst();
    }

    /** Locks the endpoint's row for the rest of the transaction: counting failures is read-modify-write. */
    Optional<Endpoint> lock(UUID id) {
        return jdbc.query("SELECT * FROM webhook_endpoints WHERE id = :id FOR UPDATE", Map.of("id", id),
                (rs, n) -> endpoint(rs)).stream().findFirst();
    }

    /** @param owner null: everyone's */
    List<Endpoint> list(@Nullable UUID owner, long offset, int limit) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("owner", owner);
        p.put("offset", offset);
        p.put("limit", limit);
        return jdbc.query("SELECT * FROM webhook_endpoints" + (owner == null ? "" : " WHERE owner_id = :owner")
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset", p, (rs, n) -> endpoint(rs));
    }

    long count(@Nullable UUID owner) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("owner", owner);
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_endpoints"
                + (owner == null ? "" : " WHERE owner_id = :owner"), p, Long.class);
        return Objects.requireNonNull(total, "COUNT(*) is never null");
    }

    /** The enabled endpoints that hear of an event organized by {@code organizer}: its owner's and the all-events ones. */
    List<Endpoint> listening(UUID organizer) {
        return jdbc.query("""
                SELECT * FROM webhook_endpoints WHERE enabled = TRUE AND owner_id = :organizer
                UNION ALL
                SELECT * FROM webhook_endpoints WHERE enabled = TRUE AND all_events = TRUE AND owner_id <> :organizer""",
                Map.of("organizer", organizer), (rs, n) -> endpoint(rs));
    }

    /** @return the failures in a row, counting this one */
    int failed(UUID id) {
        jdbc.update("UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = :id",
                Map.of("id", id));
        Integer failures = jdbc.queryForObject("SELECT consecutive_failures FROM webhook_endpoints WHERE id = :id",
                Map.of("id", id), Integer.class);
        return failures == null ? 0 : failures;
    }

    void succeeded(UUID id) {
        jdbc.update("UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = :id AND consecutive_failures <> 0",
                Map.of("id", id));
    }

    /** @return whether this call disabled it (false: it already was) */
    boolean disable(UUID id, String reason, Instant now) {
        return jdbc.update("""
                UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = :reason, updated_at = :now
                WHERE id = :id AND enabled = TRUE""", Map.of("id", id, "reason", clip(reason, 500), "now", utc(now))) == 1;
    }

    // ------------------------------------------------------------------------------------------------ deliveries

    boolean hasDelivery(UUID endpointId, String sourceKey) {
        Long found = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = :endpoint "
                + "AND source_key = :key", Map.of("endpoint", endpointId, "key", sourceKey), Long.class);
        return found != null && found > 0;
    }

    void insert(Delivery d) {
        jdbc.update("""
                INSERT INTO webhook_deliveries (id, endpoint_id, source_key, message_id, event_type, payload, status,
                                                attempts, next_attempt_at, created_at)
                VALUES (:id, :endpoint, :key, :message, :type, :payload, :status, 0, :next, :created)""",
                Map.of("id", d.id(), "endpoint", d.endpointId(), "key", d.sourceKey(), "message", d.messageId(),
                        "type", d.eventType(), "payload", d.payload(), "status", d.status(),
                        "next", utc(d.nextAttemptAt()), "created", utc(d.createdAt())));
    }

    Optional<Delivery> findDelivery(UUID id) {
        return jdbc.query("SELECT * FROM webhook_deliveries WHERE id = :id", Map.of("id", id), (rs, n) -> delivery(rs))
                .stream().findFirst();
    }

    List<Delivery> deliveries(UUID endpointId, long offset, int limit) {
        return jdbc.query("SELECT * FROM webhook_deliveries WHERE endpoint_id = :endpoint "
                + "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset",
                Map.of("endpoint", endpointId, "limit", limit, "offset", offset), (rs, n) -> delivery(rs));
    }

    long countDeliveries(UUID endpointId) {
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = :endpoint",
                Map.of("endpoint", endpointId), Long.class);
        return Objects.requireNonNull(total, "COUNT(*) is never null");
    }

    /**
     * Takes up to {@code limit} due deliveries of enabled endpoints for this node: locked rows (another node taking
     * them right now) are skipped, and the taken ones are pushed to {@code leaseUntil}, so no other node tries them
     * while this one does — and all do again if this node dies before it records the outcome. Call in a transaction.
     */
    List<UUID> claimDue(Instant now, int limit, Instant leaseUntil) {
        List<UUID> ids = jdbc.query("""
                SELECT id FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= :now
                  AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE enabled = TRUE)
                ORDER BY next_attempt_at LIMIT :limit
                FOR UPDATE SKIP LOCKED""", Map.of("now", utc(now), "limit", limit),
                (rs, n) -> Objects.requireNonNull(rs.getObject(1, UUID.class), "a primary key"));
        if (!ids.isEmpty()) {
            jdbc.update("UPDATE webhook_deliveries SET next_attempt_at = :lease WHERE id IN (:ids)",
                    Map.of("lease", utc(leaseUntil), "ids", ids));
        }
        return ids;
    }

    /**
     * The outcome of attempt number {@code attempts}; only once per attempt (a node whose lease ran out and another
     * that took the delivery over cannot both record the same attempt).
     *
     * @param next null unless it is to be tried again
     */
    boolean recordAttempt(UUID id, int attempts, String status, @Nullable Instant next, Instant at,
            @Nullable Integer statusCode, long durationMs, @Nullable String error, @Nullable String excerpt) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("id", id);
        p.put("before", attempts - 1);
        p.put("attempts", attempts);
        p.put("status", status);
        p.put("next", utc(next != null ? next : at));
        p.put("at", utc(at));
        p.put("code", statusCode);
        p.put("duration", durationMs);
        p.put("error", clip(error, 500));
        p.put("excerpt", clip(excerpt, 500));
        return jdbc.update("""
                UPDATE webhook_deliveries SET attempts = :attempts, status = :status, next_attempt_at = :next,
                       last_attempt_at = :at, status_code = :code, duration_ms = :duration, error = :error,
                       response_excerpt = :excerpt
                WHERE id = :id AND attempts = :before AND status = 'pending'""", p) == 1;
    }

    // ---------------------------------------------------------------------------------------------------- mapping

    private static Endpoint endpoint(ResultSet rs) throws SQLException {
        String types = rs.getString("event_types");
        return new Endpoint(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                rs.getBoolean("all_events"), rs.getString("url"), rs.getString("description"),
                types == null || types.isEmpty() ? List.of() : Arrays.asList(types.split(",")), rs.getString("secret"),
                rs.getString("previous_secret"), instant(rs, "previous_expires_at"), rs.getBoolean("enabled"),
                rs.getInt("consecutive_failures"), rs.getString("disabled_reason"),
                Objects.requireNonNull(instant(rs, "created_at"), "NOT NULL"),
                Objects.requireNonNull(instant(rs, "updated_at"), "NOT NULL"));
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        Integer code = rs.getObject("status_code", Integer.class);
        Long duration = rs.getObject("duration_ms", Long.class);
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                rs.getString("source_key"), rs.getString("message_id"), rs.getString("event_type"),
                rs.getString("payload"), rs.getString("status"), rs.getInt("attempts"),
                Objects.requireNonNull(instant(rs, "next_attempt_at"), "NOT NULL"), instant(rs, "last_attempt_at"),
                code, duration, rs.getString("error"), rs.getString("response_excerpt"),
                Objects.requireNonNull(instant(rs, "created_at"), "NOT NULL"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable String clip(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
