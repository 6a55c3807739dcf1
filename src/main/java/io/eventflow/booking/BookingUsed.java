package io.eventflow.booking;

import io.eventflow.platform.domain.Conflict;

/** The booking was used at the door (its holder arrived or was checked in): it is attendance now, not cancellable. */
public class BookingUsed extends Conflict {

    public BookingUsed() {
        super("This booking was used: its holder arrived or was checked in, so it can no longer be cancelled");
    }
}
