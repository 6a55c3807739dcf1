package io.eventflow.catalog;

import io.eventflow.platform.domain.Conflict;

/** The event has started: it is frozen, and can no longer be changed or booked. */
public class EventStarted extends Conflict {

    public EventStarted(String detail) {
        super(detail);
    }
}
