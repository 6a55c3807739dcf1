package io.eventflow.catalog;

import java.util.UUID;

import io.eventflow.platform.domain.NotFound;

/** No event with that id (never published, or deleted). */
public class EventNotFound extends NotFound {

    public EventNotFound(UUID eventId) {
        super("Event", eventId);
    }
}
