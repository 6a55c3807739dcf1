package io.eventflow.catalog;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Seat counts of events, under a row lock (SELECT ... FOR UPDATE) for the booking module. */
@Component
class Seats {

    private final NamedParameterJdbcTemplate jdbc;

    Seats(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<SeatState> lock(UUID eventId) {
        return jdbc.query("""
                SELECT id, capacity, seats_taken, waitlisted, status, start_time, organizer_id FROM events WHERE id = :id FOR UPDATE""",
                Map.of("id", eventId),
                (rs, n) -> new SeatState(rs.getObject("id", UUID.class), rs.getObject("capacity", Integer.class),
                        rs.getInt("seats_taken"), rs.getInt("waitlisted"), EventStatus.fromWire(rs.getString("status")),
                        rs.getObject("start_time", OffsetDateTime.class).toInstant(),
                        rs.getObject("organizer_id", UUID.class)))
                .stream().findFirst();
    }

    void record(UUID eventId, int seatsTaken, int waitlisted, int popularityDelta) {
        jdbc.update("UPDATE events SET seats_taken = :taken, waitlisted = :waiting, popularity = popularity + :delta WHERE id = :id",
                Map.of("taken", seatsTaken, "waiting", Math.max(0, waitlisted), "delta", popularityDelta, "id", eventId));
    }
}
