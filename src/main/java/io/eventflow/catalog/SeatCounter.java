package io.eventflow.catalog;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.platform.Vendor;

/** The seat rules of {@link EventSeats}, as SQL on the event's row: changed only under its lock. */
@Component
class SeatCounter implements EventSeats {

    private static final String BOOKABLE = "id = :id AND status <> 'cancelled' AND start_time > :now";
    private static final String TAKE_SEAT = "UPDATE events SET seats_taken = seats_taken + 1, popularity = popularity + 1 WHERE "
            + BOOKABLE + " AND (capacity IS NULL OR seats_taken < capacity)";
    private static final String JOIN_LINE = "UPDATE events SET waitlisted = waitlisted + 1, waitlist_seq = waitlist_seq + 1, "
            + "popularity = popularity + 1 WHERE "
            + BOOKABLE + " AND capacity IS NOT NULL AND seats_taken >= capacity";

    private final NamedParameterJdbcTemplate jdbc;
    private final String joinLine;

    SeatCounter(NamedParameterJdbcTemplate jdbc, Vendor vendor) {
        this.jdbc = jdbc;
        // the line's new length and the number drawn in the same statement: PostgreSQL returns them, H2 selects them
        // from the changed row
        this.joinLine = vendor.isPostgres() ? JOIN_LINE + " RETURNING waitlisted, waitlist_seq"
                : "SELECT waitlisted, waitlist_seq FROM FINAL TABLE (" + JOIN_LINE + ")";
    }

    /**
     * A seat if one is free, else the next place in line: each a single conditional write that locks the row. An
     * update whose condition no longer holds once it has the row changes nothing and keeps no lock, so a booking
     * behind a full event's lock costs one statement more, not a longer hold. The two conditions exclude each
     * other; if a seat was freed between them (a cancellation with nobody in line), the seat is tried again.
     */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<SeatClaim> claim(UUID eventId, Instant now) {
        Map<String, Object> params = Map.of("id", eventId, "now", Timestamp.from(now));
        while (true) {
            if (jdbc.update(TAKE_SEAT, params) == 1) {
                return Optional.of(SeatClaim.aSeat());
            }
            List<SeatClaim> inLine = jdbc.query(joinLine, params,
                    (rs, n) -> SeatClaim.inLine(rs.getInt("waitlisted"), rs.getLong("waitlist_seq")));
            if (!inLine.isEmpty()) {
                return Optional.of(inLine.getFirst());
            }
            if (jdbc.queryForList("SELECT 1 FROM events WHERE " + BOOKABLE, params, Integer.class).isEmpty()) {
                return Optional.empty(); // unknown, cancelled or started
            }
        }
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<SeatState> lock(UUID eventId) {
        return select(eventId, " FOR UPDATE");
    }

    @Override
    public Optional<SeatState> current(UUID eventId) {
        return select(eventId, "");
    }

    /** A new capacity must leave room for every seat taken; checked under the lock, so no booking slips in between. */
    void ensureCapacityCoversSeats(UUID eventId, @Nullable Integer capacity) {
        int taken = lock(eventId).map(SeatState::seatsTaken).orElse(0);
        if (capacity != null && capacity < taken) {
            throw new SeatsBelowBooked(taken);
        }
    }

    private Optional<SeatState> select(UUID eventId, String lock) {
        return jdbc.query("SELECT id, capacity, seats_taken, waitlisted, status, start_time, organizer_id, waitlist_mode, "
                + "offer_ttl_seconds FROM events WHERE id = :id"
                + lock,
                Map.of("id", eventId),
                (rs, n) -> new SeatState(rs.getObject("id", UUID.class), rs.getObject("capacity", Integer.class),
                        rs.getInt("seats_taken"), rs.getInt("waitlisted"), EventStatus.fromWire(rs.getString("status")),
                        rs.getObject("start_time", OffsetDateTime.class).toInstant(),
                        rs.getObject("organizer_id", UUID.class), WaitlistMode.fromWire(rs.getString("waitlist_mode")),
                        offerTtl(rs.getObject("offer_ttl_seconds", Integer.class))))
                .stream().findFirst();
    }

    private static Duration offerTtl(@Nullable Integer seconds) {
        return seconds == null ? WaitlistMode.DEFAULT_OFFER_TTL : Duration.ofSeconds(seconds);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID eventId, int seatsTaken, int waitlisted, int popularityDelta) {
        jdbc.update("UPDATE events SET seats_taken = :taken, waitlisted = :waiting, popularity = popularity + :delta WHERE id = :id",
                Map.of("taken", seatsTaken, "waiting", Math.max(0, waitlisted), "delta", popularityDelta, "id", eventId));
    }
}
