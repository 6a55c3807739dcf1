package io.eventflow.catalog;

import io.eventflow.platform.domain.Conflict;

/** The change was made against an older version of the event than the current one (optimistic locking). */
public class StaleEventVersion extends Conflict {

    public StaleEventVersion(long sent, long current) {
        super("The event was changed meanwhile (you sent version " + sent + ", the current one is " + current
                + "); reload it and apply your change again");
    }
}
