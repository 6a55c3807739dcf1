package io.eventflow.catalog;

import java.time.Duration;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The seat count of an event and the length of its waiting list. Read under a row lock
 * ({@link EventSeats#lock}), nobody else can take or free a seat of the event while the caller's transaction
 * lasts; read with {@link EventSeats#current}, it is the state last committed. {@code offerTtl}: how long an offer
 * stands in offer mode, the default if the organizer set none.
 */
public record SeatState(UUID eventId, @Nullable Integer capacity, int seatsTaken, int waitlisted, EventStatus status,
        Instant startTime, UUID organizerId, WaitlistMode waitlistMode, Duration offerTtl) {

    /** Null when the event has no capacity limit. */
    public @Nullable Integer seatsLeft() {
        return capacity == null ? null : Math.max(0, capacity - seatsTaken);
    }

    public boolean hasFreeSeat() {
        return capacity == null || seatsTaken < capacity;
    }
}
