package io.eventflow.catalog;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The seats of events — where it is decided whether a booking is confirmed or waitlisted. The counts live on the
 * event's row (its capacity is the catalog's), so every rule about them is here, behind one interface for the booking
 * module, which owns the booking rows and promotion:
 * <ul>
 * <li>a new booking takes a seat while one is free, otherwise the next place in line ({@link #claim}) — one
 * conditional write each, so an event is never over- or undersold;</li>
 * <li>the capacity never goes below the seats taken ({@link SeatsBelowBooked}, checked by the catalog's update);</li>
 * <li>cancelled and started events take nobody.</li>
 * </ul>
 * Every method that changes or locks seats must run inside the caller's transaction: the event's row stays locked
 * until it ends, so the bookings of one event queue up on it and a freed seat goes to the first in line before
 * anyone else can take it.
 */
public interface EventSeats {

    /**
     * A seat of the event for a new booking if one is free, otherwise a place at the end of its waiting list, as one
     * conditional write each: a seat is taken only while one is free, a place only while none is. Empty if the event
     * does not exist, is cancelled or has started by {@code now}.
     */
    Optional<SeatClaim> claim(UUID eventId, Instant now);

    /** Locks the event's seat count for the rest of the caller's transaction. Empty if the event does not exist. */
    Optional<SeatState> lock(UUID eventId);

    /** The seat count and waiting-list length as last committed, without a lock (live availability). */
    Optional<SeatState> current(UUID eventId);

    /**
     * Writes the seat count and the waiting list's length of an event {@linkplain #lock locked} by the caller, after a
     * cancellation, a promotion or a change of capacity, and adds to its popularity.
     */
    void record(UUID eventId, int seatsTaken, int waitlisted, int popularityDelta);
}
