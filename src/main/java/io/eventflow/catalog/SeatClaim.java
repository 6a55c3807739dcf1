package io.eventflow.catalog;

/**
 * What {@link EventSeats#claim} took for a new booking: a seat, or the next place in the waiting list.
 *
 * @param seat             a seat was free and is now taken
 * @param waitlistPosition without a seat, the place in the waiting list (the line's new length); 0 with a seat
 * @param waitlistSeq      without a seat, the number drawn on joining the line: the line is in this order, on
 *                         every node (unlike time-ordered ids, whose clocks differ between nodes); 0 with a seat
 */
public record SeatClaim(boolean seat, int waitlistPosition, long waitlistSeq) {

    static SeatClaim aSeat() {
        return new SeatClaim(true, 0, 0);
    }

    static SeatClaim inLine(int position, long seq) {
        return new SeatClaim(false, position, seq);
    }
}
