package io.eventflow.catalog;

/**
 * What {@link EventCatalog#claimSeat} took for a new booking: a seat, or the next place in the waiting list.
 *
 * @param seat            a seat was free and is now taken
 * @param waitlistPosition without a seat, the place in the waiting list (the line's new length); 0 with a seat
 */
public record SeatClaim(boolean seat, int waitlistPosition) {

    static SeatClaim aSeat() {
        return new SeatClaim(true, 0);
    }

    static SeatClaim inLine(int position) {
        return new SeatClaim(false, position);
    }
}
