package io.eventflow.booking;

import io.eventflow.platform.domain.Conflict;

/** The user already holds an active booking (confirmed or waitlisted) of this event: one per user and event. */
public class AlreadyBooked extends Conflict {

    public AlreadyBooked(String detail) {
        super(detail);
    }
}
