package io.eventflow.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dashboard's SQL over the bookings table. Statuses are counted by their stored names, so a status added later
 * shows up without a change here. Each query reads one event's rows through an index that starts with
 * {@code event_id} (V27: creation, check-in and arrival times), so an event with 100,000 bookings is read from the
 * index alone. Buckets are computed in the database (whole epoch seconds divided by the width), so a query returns
 * one row per bucket, not per booking.
 */
@Component
@Transactional(readOnly = true)
class BookingActivityQueries implements BookingActivity {

    private final JdbcClient jdbc;

    BookingActivityQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<BookingBucket> bookingsOverTime(UUID eventId, Duration width) {
        long seconds = widthSeconds(width);
        Map<Long, long[]> buckets = new java.util.TreeMap<>();
        jdbc.sql(bucketed("created_at", "event_id = :event")).param("event", eventId).param("width", seconds)
                .query((ResultSet rs) -> {
                    buckets.computeIfAbsent(rs.getLong("b"), b -> new long[2])[0] += rs.getLong("n");
                });
        // cancelled bookings are few next to the others: found through the (event, status) index
        jdbc.sql(bucketed("cancelled_at", "event_id = :event AND status = 'cancelled' AND cancelled_at IS NOT NULL"))
                .param("event", eventId).param("width", seconds)
                .query((ResultSet rs) -> {
                    buckets.computeIfAbsent(rs.getLong("b"), b -> new long[2])[1] += rs.getLong("n");
                });
        return buckets.entrySet().stream()
                .map(e -> new BookingBucket(Instant.ofEpochSecond(e.getKey() * seconds), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    @Override
    public List<CheckInBucket> checkInsOverTime(UUID eventId, Duration width) {
        long seconds = widthSeconds(width);
        Map<Long, long[]> buckets = new java.util.TreeMap<>();
        jdbc.sql(bucketed("checked_in_at", "event_id = :event AND checked_in_at IS NOT NULL AND status = 'confirmed'"))
                .param("event", eventId).param("width", seconds)
                .query((ResultSet rs) -> {
                    buckets.computeIfAbsent(rs.getLong("b"), b -> new long[2])[0] += rs.getLong("n");
                });
        jdbc.sql(bucketed("arrived_at", "event_id = :event AND arrived_at IS NOT NULL AND status = 'confirmed'"))
                .param("event", eventId).param("width", seconds)
                .query((ResultSet rs) -> {
                    buckets.computeIfAbsent(rs.getLong("b"), b -> new long[2])[1] += rs.getLong("n");
                });
        return buckets.entrySet().stream()
                .map(e -> new CheckInBucket(Instant.ofEpochSecond(e.getKey() * seconds), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    @Override
    public @Nullable Span bookingSpan(UUID eventId) {
        return jdbc.sql("SELECT MIN(created_at) AS first_at, MAX(created_at) AS last_at FROM bookings WHERE event_id = :event")
                .param("event", eventId)
                .query((rs, n) -> {
                    Instant first = instant(rs, "first_at");
                    Instant last = instant(rs, "last_at");
                    return first == null || last == null ? null : new Span(first, last);
                }).optional().orElse(null);
    }

    @Override
    public CheckIns checkIns(UUID eventId) {
        return jdbc.sql("""
                SELECT COUNT(*) AS present,
                       COUNT(checked_in_at) AS by_ticket,
                       COUNT(arrived_at) AS by_arrival,
                       COUNT(CASE WHEN checked_in_at IS NOT NULL AND arrived_at IS NOT NULL THEN 1 END) AS both_ways
                FROM bookings
                WHERE event_id = :event AND status = 'confirmed' AND (checked_in_at IS NOT NULL OR arrived_at IS NOT NULL)""")
                .param("event", eventId)
                .query((rs, n) -> new CheckIns(rs.getLong("present"), rs.getLong("by_ticket"), rs.getLong("by_arrival"),
                        rs.getLong("both_ways")))
                .single();
    }

    @Override
    public Map<UUID, EventTotals> totalsOfEvents(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Map<String, Long>> byStatus = new LinkedHashMap<>();
        Map<UUID, Long> present = new HashMap<>();
        jdbc.sql("""
                SELECT event_id, status, COUNT(*) AS n,
                       COUNT(CASE WHEN checked_in_at IS NOT NULL OR arrived_at IS NOT NULL THEN 1 END) AS present
                FROM bookings WHERE event_id IN (:events)
                GROUP BY event_id, status""")
                .param("events", eventIds)
                .query((ResultSet rs) -> {
                    UUID event = rs.getObject("event_id", UUID.class);
                    String status = rs.getString("status");
                    byStatus.computeIfAbsent(event, e -> new HashMap<>()).put(status, rs.getLong("n"));
                    if (BookingStatus.CONFIRMED.wireName().equals(status)) {
                        present.put(event, rs.getLong("present"));
                    }
                });
        Map<UUID, EventTotals> totals = new LinkedHashMap<>();
        byStatus.forEach((event, counts) -> totals.put(event,
                new EventTotals(Map.copyOf(counts), present.getOrDefault(event, 0L))));
        return totals;
    }

    /**
     * Rows per bucket of a time column. The bucket is computed in a derived table and grouped outside it: PostgreSQL
     * does not take two uses of the same bind parameter for one expression in GROUP BY.
     */
    private static String bucketed(String column, String where) {
        return "SELECT b, COUNT(*) AS n FROM (SELECT CAST(FLOOR(EXTRACT(EPOCH FROM " + column + ") / :width) AS BIGINT) AS b "
                + "FROM bookings WHERE " + where + ") bucketed GROUP BY b ORDER BY b";
    }

    private static long widthSeconds(Duration width) {
        if (width.getSeconds() < 1) {
            throw new IllegalArgumentException("A bucket is at least a second wide: " + width);
        }
        return width.getSeconds();
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
