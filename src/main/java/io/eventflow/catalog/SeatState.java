package io.eventflow.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * The seat count of an event, read under a row lock inside the caller's transaction: while the
 * transaction lasts, nobody else can take or free a seat of this event.
 */
public record SeatState(UUID eventId, Integer capacity, int seatsTaken, int waitlisted, EventStatus status,
        Instant startTime, UUID organizerId) {

    public boolean hasFreeSeat() {
        return capacity == null || seatsTaken < capacity;
    }
}
