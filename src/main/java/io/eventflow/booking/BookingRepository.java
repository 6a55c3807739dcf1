package io.eventflow.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Plain SQL over the bookings table: every statement here runs on the hot path of a rush. */
@Component
class BookingRepository {

    /** A waiting booking's place: how many of the event's waiting bookings joined the line before it, and itself. */
    private static final String COLUMNS = "b.*, CASE WHEN b.status = 'waitlisted' THEN (SELECT COUNT(*) FROM bookings w "
            + "WHERE w.event_id = b.event_id AND w.status = 'waitlisted' AND w.waitlist_seq <= b.waitlist_seq) END AS position";

    private final NamedParameterJdbcTemplate jdbc;

    BookingRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code waitlistSeq}: the number a waitlisted booking drew on joining the line (see V15), null with a seat. */
    void insert(UUID id, UUID eventId, UUID userId, String kind, BookingStatus status, @Nullable Long waitlistSeq,
            @Nullable String idempotencyKey, Instant now, String ticketCode) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("event", eventId);
        p.put("user", userId);
        p.put("kind", kind);
        p.put("status", status.wireName());
        p.put("active", eventId + ":" + userId);
        p.put("key", idempotencyKey);
        p.put("now", Timestamp.from(now));
        p.put("code", ticketCode);
        p.put("seq", waitlistSeq);
        jdbc.update("""
                INSERT INTO bookings (id, event_id, user_id, kind, status, active_key, idempotency_key, created_at, updated_at,
                                      ticket_code, waitlist_seq)
                VALUES (:id, :event, :user, :kind, :status, :active, :key, :now, :now, :code, :seq)""", p);
    }

    Optional<BookingView> find(UUID id) {
        return one("SELECT " + COLUMNS + " FROM bookings b WHERE b.id = :id", Map.of("id", id));
    }

    Optional<BookingView> findActive(UUID eventId, UUID userId) {
        return one("SELECT " + COLUMNS + " FROM bookings b WHERE b.active_key = :active",
                Map.of("active", eventId + ":" + userId));
    }

    Optional<BookingView> findByIdempotencyKey(UUID userId, String key) {
        return one("SELECT " + COLUMNS + " FROM bookings b WHERE b.user_id = :user AND b.idempotency_key = :key",
                Map.of("user", userId, "key", key));
    }

    Optional<UUID> firstWaitlisted(UUID eventId) {
        return jdbc.query("SELECT id FROM bookings WHERE event_id = :event AND status = 'waitlisted' ORDER BY waitlist_seq LIMIT 1",
                Map.of("event", eventId), (rs, n) -> rs.getObject("id", UUID.class)).stream().findFirst();
    }

    Optional<String> ticketCode(UUID bookingId) {
        return jdbc.query("SELECT ticket_code FROM bookings WHERE id = :id", Map.of("id", bookingId),
                (rs, n) -> rs.getString("ticket_code")).stream().findFirst();
    }

    /** The confirmed booking of this event carrying the code, if any. */
    Optional<BookingView> findByTicket(UUID eventId, String code) {
        return one("SELECT " + COLUMNS + " FROM bookings b WHERE b.ticket_code = :code AND b.event_id = :event",
                Map.of("code", code, "event", eventId));
    }

    /** Whether the booking was used: its holder arrived (geofence) or was checked in at the door. */
    boolean attended(UUID bookingId) {
        return !jdbc.queryForList("SELECT 1 FROM bookings WHERE id = :id AND (checked_in_at IS NOT NULL OR arrived_at IS NOT NULL)",
                Map.of("id", bookingId), Integer.class).isEmpty();
    }

    /**
     * 1 if this call checked the booking in, 0 if it was checked in before or is no longer confirmed (a cancellation
     * that committed after the caller read it).
     */
    int checkIn(UUID bookingId, Instant now) {
        return jdbc.update("UPDATE bookings SET checked_in_at = :now, updated_at = :now WHERE id = :id AND checked_in_at IS NULL "
                + "AND status = 'confirmed'",
                Map.of("id", bookingId, "now", Timestamp.from(now)));
    }

    /**
     * Holds a seat for the waitlisted booking until {@code expiresAt}; 1 if done, 0 if it was no longer waiting.
     */
    int offer(UUID id, Instant expiresAt, Instant now) {
        return jdbc.update("UPDATE bookings SET status = 'offered', offer_expires_at = :expires, updated_at = :now "
                + "WHERE id = :id AND status = 'waitlisted'",
                Map.of("id", id, "expires", Timestamp.from(expiresAt), "now", Timestamp.from(now)));
    }

    /** Confirms an offered booking whose offer still stands at {@code now}; 1 if done, 0 otherwise. */
    int acceptOffer(UUID id, Instant now) {
        return jdbc.update("UPDATE bookings SET status = 'confirmed', offer_expires_at = NULL, updated_at = :now "
                + "WHERE id = :id AND status = 'offered' AND offer_expires_at > :now",
                Map.of("id", id, "now", Timestamp.from(now)));
    }

    /** Offers whose time was up at {@code now}, the longest expired first (over ix_bookings_offer_expiry). */
    List<UUID> offersDue(Instant now, int limit) {
        return jdbc.query("SELECT id FROM bookings WHERE status = 'offered' AND offer_expires_at <= :now "
                + "ORDER BY offer_expires_at LIMIT :limit",
                Map.of("now", Timestamp.from(now), "limit", limit), (rs, n) -> rs.getObject("id", UUID.class));
    }

    void setStatus(UUID id, BookingStatus status, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("status", status.wireName());
        p.put("now", Timestamp.from(now));
        jdbc.update(status == BookingStatus.CANCELLED
                ? "UPDATE bookings SET status = :status, active_key = NULL, cancelled_at = :now, updated_at = :now WHERE id = :id"
                : "UPDATE bookings SET status = :status, updated_at = :now WHERE id = :id", p);
    }

    List<BookingView> activeOfEvent(UUID eventId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM bookings b WHERE b.event_id = :event AND b.status <> 'cancelled' ORDER BY b.id",
                Map.of("event", eventId), (rs, n) -> view(rs));
    }

    /** Ordered by event: callers lock the events one after another in this order. */
    List<BookingView> activeOfUser(UUID userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM bookings b WHERE b.user_id = :user AND b.status <> 'cancelled' ORDER BY b.event_id",
                Map.of("user", userId), (rs, n) -> view(rs));
    }

    /** In line order, over the index on (event_id, status, waitlist_seq). */
    List<Bookings.WaitingPlace> waitingList(UUID eventId) {
        return jdbc.query("SELECT id, user_id FROM bookings WHERE event_id = :event AND status = 'waitlisted'"
                + " ORDER BY waitlist_seq", Map.of("event", eventId),
                (rs, n) -> new Bookings.WaitingPlace(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class)));
    }

    List<UUID> participants(UUID eventId, List<BookingStatus> statuses) {
        // user_id is NOT NULL: mapped row by row, as queryForList would, but without its nullable elements
        return jdbc.query("SELECT b.user_id FROM bookings b WHERE b.event_id = :event AND b.status IN (:statuses)"
                + " ORDER BY b.id",
                Map.of("event", eventId, "statuses", statuses.stream().map(BookingStatus::wireName).toList()),
                (rs, n) -> rs.getObject(1, UUID.class));
    }

    /**
     * Bookings of the statuses after {@code after} in id order, at most {@code limit}: a keyset page over
     * (event_id, status, id) for each status, merged by id.
     */
    void participantsAfter(UUID eventId, List<BookingStatus> statuses, @Nullable UUID after, int limit,
            java.util.function.BiConsumer<UUID, UUID> bookingAndUser) {
        Map<String, Object> params = new HashMap<>();
        params.put("event", eventId);
        params.put("statuses", statuses.stream().map(BookingStatus::wireName).toList());
        params.put("limit", limit);
        String from = "";
        if (after != null) {
            params.put("after", after);
            from = " AND b.id > :after";
        }
        jdbc.query("SELECT b.id, b.user_id FROM bookings b WHERE b.event_id = :event AND b.status IN (:statuses)" + from
                + " ORDER BY b.id LIMIT :limit", params,
                rs -> {
                    bookingAndUser.accept(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class));
                });
    }

    /** Each confirmed seat at the events (only {@code onlyUser}'s, if given), in booking order. */
    void confirmedSeats(Collection<UUID> eventIds, @Nullable UUID onlyUser, SeatHolder each) {
        Map<String, Object> params = new HashMap<>();
        params.put("events", eventIds);
        String user = "";
        if (onlyUser != null) {
            params.put("user", onlyUser);
            user = " AND b.user_id = :user";
        }
        jdbc.query("SELECT b.event_id, b.user_id, b.arrived_at FROM bookings b WHERE b.event_id IN (:events)"
                + " AND b.status = 'confirmed'" + user + " ORDER BY b.id", params,
                rs -> {
                    each.accept(rs.getObject("event_id", UUID.class), rs.getObject("user_id", UUID.class),
                            rs.getObject("arrived_at") != null);
                });
    }

    interface SeatHolder {
        void accept(UUID eventId, UUID userId, boolean arrived);
    }

    List<BookingView> page(String column, UUID value, int limit, long offset) {
        return jdbc.query("SELECT " + COLUMNS + " FROM bookings b WHERE b." + column + " = :value ORDER BY b.id DESC LIMIT :limit OFFSET :offset",
                Map.of("value", value, "limit", limit, "offset", offset), (rs, n) -> view(rs));
    }

    long count(String column, UUID value) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM bookings b WHERE b." + column + " = :value",
                Map.of("value", value), Long.class);
        return Objects.requireNonNull(count, "COUNT(*) always returns a row");
    }

    private Optional<BookingView> one(String sql, Map<String, ?> params) {
        return jdbc.query(sql, params, (rs, n) -> view(rs)).stream().findFirst();
    }

    private static BookingView view(ResultSet rs) throws SQLException {
        Number position = (Number) rs.getObject("position");
        BookingStatus status = BookingStatus.fromWire(rs.getString("status"));
        OffsetDateTime offerExpiresAt = status == BookingStatus.OFFERED ? rs.getObject("offer_expires_at", OffsetDateTime.class) : null;
        return new BookingView(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getString("kind"), status,
                position == null ? null : position.intValue(), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                offerExpiresAt == null ? null : offerExpiresAt.toInstant());
    }
}
