package io.eventflow.catalog;

import java.util.UUID;

import io.eventflow.platform.domain.NotFound;

/** No event with that id or number (never published, or deleted). */
public class EventNotFound extends NotFound {

    public EventNotFound(UUID eventId) {
        super("Event", eventId);
    }

    /** No event with that number (see {@link EventView#number()}). */
    public EventNotFound(long number) {
        super("Event", "number " + number);
    }
}
