package io.eventflow.catalog;

import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;

/** A new capacity below the seats already taken: lowering it would take seats away from confirmed bookings. */
public class SeatsBelowBooked extends Conflict {

    public SeatsBelowBooked(int seatsTaken) {
        super("The capacity cannot go below the " + seatsTaken + " seats already booked",
                new FieldProblem("capacity", "must be at least " + seatsTaken));
    }
}
