package io.eventflow.catalog;

import java.util.Optional;
import java.util.UUID;

/** The catalog's public API for the other modules. */
public interface EventCatalog {

    Optional<EventSnapshot> find(UUID eventId);
}
