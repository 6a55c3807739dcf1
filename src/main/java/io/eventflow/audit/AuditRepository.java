package io.eventflow.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code audit_log} table: inserts, the admins' search (each filter backed by an index), deletes by age. */
@Repository
class AuditRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> DETAIL = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;

    AuditRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record NewEntry(UUID id, Instant occurredAt, @Nullable UUID actorId, @Nullable String actorName,
            @Nullable String clientAddress, @Nullable String requestId, AuditAction action, UUID targetId,
            Map<String, ?> detail) {
    }

    void insert(NewEntry entry) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("id", entry.id());
        p.put("at", utc(entry.occurredAt()));
        p.put("actor", entry.actorId());
        p.put("actorName", clip(entry.actorName(), 64));
        p.put("address", clip(entry.clientAddress(), 64));
        p.put("requestId", clip(entry.requestId(), 64));
        p.put("action", entry.action().wireName());
        p.put("targetType", entry.action().targetType().wireName());
        p.put("target", entry.targetId());
        p.put("detail", entry.detail().isEmpty() ? null : JSON.writeValueAsString(entry.detail()));
        jdbc.update("""
                INSERT INTO audit_log (id, occurred_at, actor_id, actor_name, client_address, request_id, action,
                                       target_type, target_id, detail)
                VALUES (:id, :at, :actor, :actorName, :address, :requestId, :action, :targetType, :target, :detail)""", p);
    }

    /** Parsed filters; null means "any". */
    record Filter(@Nullable UUID actor, @Nullable AuditAction action, AuditAction.@Nullable TargetType targetType,
            @Nullable UUID target, @Nullable Instant from, @Nullable Instant to) {
    }

    long count(Filter filter) {
        Map<String, @Nullable Object> p = new HashMap<>();
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log" + where(filter, p), p, Long.class);
        return total == null ? 0 : total;
    }

    List<AuditEntry> find(Filter filter, long offset, int limit) {
        Map<String, @Nullable Object> p = new HashMap<>();
        String where = where(filter, p);
        p.put("limit", limit);
        p.put("offset", offset);
        return jdbc.query("SELECT * FROM audit_log" + where + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset",
                p, (rs, n) -> entry(rs));
    }

    /** Idempotent: run twice, or on two nodes at once, it deletes the same rows once. */
    int deleteBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM audit_log WHERE occurred_at < :cutoff", Map.of("cutoff", utc(cutoff)));
    }

    private static String where(Filter f, Map<String, @Nullable Object> p) {
        List<String> conditions = new ArrayList<>();
        if (f.actor() != null) {
            conditions.add("actor_id = :actor");
            p.put("actor", f.actor());
        }
        if (f.action() != null) {
            conditions.add("action = :action");
            p.put("action", f.action().wireName());
        }
        if (f.targetType() != null) {
            conditions.add("target_type = :targetType");
            p.put("targetType", f.targetType().wireName());
        }
        if (f.target() != null) {
            conditions.add("target_id = :target");
            p.put("target", f.target());
        }
        if (f.from() != null) {
            conditions.add("occurred_at >= :from");
            p.put("from", utc(f.from()));
        }
        if (f.to() != null) {
            conditions.add("occurred_at <= :to");
            p.put("to", utc(f.to()));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        String action = rs.getString("action");
        return new AuditEntry(rs.getObject("id", UUID.class),
                Objects.requireNonNull(rs.getObject("occurred_at", OffsetDateTime.class), "NOT NULL").toInstant(),
                rs.getObject("actor_id", UUID.class), rs.getString("actor_name"), rs.getString("client_address"),
                rs.getString("request_id"),
                AuditAction.fromWire(action).orElseThrow(() -> new IllegalStateException("Unknown audit action " + action)),
                AuditAction.TargetType.fromWire(rs.getString("target_type")).orElseThrow(),
                rs.getObject("target_id", UUID.class), detail(rs.getString("detail")));
    }

    private static Map<String, Object> detail(@Nullable String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, DETAIL);
        } catch (JacksonException e) {
            return Map.of("unreadable", json); // never seen: only this class writes the column
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable String clip(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
