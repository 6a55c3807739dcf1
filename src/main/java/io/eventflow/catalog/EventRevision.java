package io.eventflow.catalog;

/**
 * What tells one state of an event's representation from another without reading it whole: the version counts the
 * organizer's changes (optimistic locking); the seat count and the popularity move with every booking, which leaves
 * the version alone so an organizer's edit is not refused because someone booked meanwhile.
 */
record EventRevision(long version, int seatsTaken, int popularity) {

    static EventRevision of(EventView view) {
        return new EventRevision(view.version(), view.seatsTaken(), view.popularity());
    }
}
