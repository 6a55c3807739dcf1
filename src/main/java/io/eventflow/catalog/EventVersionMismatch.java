package io.eventflow.catalog;

import io.eventflow.platform.domain.Conflict;

/**
 * The caller made its change conditional on versions of the event the current one is not (an API client's
 * {@code If-Match}, which its edge answers with 412; anywhere else it is the conflict it is).
 */
class EventVersionMismatch extends Conflict {

    EventVersionMismatch(long current) {
        super("The event was changed meanwhile (the current version is " + current + "); reload it and apply your "
                + "change again");
    }
}
