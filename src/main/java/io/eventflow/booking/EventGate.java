package io.eventflow.booking;

import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.eventflow.platform.domain.DomainException;

/**
 * Lets only a few bookings of one event into their transaction at a time on this node; the rest wait here.
 * All bookings of an event queue on its row lock anyway; waiting in the database, each would hold a pooled
 * connection and a PostgreSQL backend while it waits — a rush on one event would take the whole pool from every
 * other event and keep the database's processes busy handing the lock around. Waiting here costs a parked
 * (virtual) thread. Events map to a fixed set of stripes, so memory does not grow with the catalog; two events
 * sharing a stripe share its permits.
 */
@Component
class EventGate {

    private static final int STRIPES = 1024;

    private final Semaphore[] stripes;
    private final long waitMillis;

    EventGate(BookingProperties properties) {
        int permits = properties.perEventConcurrency();
        this.stripes = new Semaphore[permits > 0 ? STRIPES : 0];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Semaphore(permits, true); // fair: first come, first booked
        }
        this.waitMillis = properties.gateWait().toMillis();
    }

    <T> T through(UUID eventId, Supplier<T> work) {
        if (stripes.length == 0) {
            return work.get();
        }
        Semaphore gate = stripes[Math.floorMod(eventId.hashCode(), STRIPES)];
        try {
            if (!gate.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return work.get();
        } finally {
            gate.release();
        }
    }

    /** The event's queue did not move for {@code gateWait}; nothing was written, the client may retry. */
    static final class Busy extends DomainException {
        Busy() {
            super(Kind.BUSY,
                    "So many people are booking this event right now that yours could not be taken in time; nothing was "
                            + "booked, please try again");
        }
    }
}
