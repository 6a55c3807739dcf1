package io.eventflow.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires the offers whose time is up: each such booking is cancelled and its seat offered to the next in line.
 * Nothing is scheduled ahead: every run reads the offers due from the bookings table, so after a restart (or with
 * every node down for a while) the first run picks up whatever expired meanwhile. Any number of nodes may run it at
 * once: each offer is expired under its event's row lock, after reading it again there, by a conditional change of
 * its status ({@link BookingService#expire}) — a second node, or an accept that came first, finds nothing to do.
 */
@Component
class OfferExpiry {

    private static final Logger log = LoggerFactory.getLogger(OfferExpiry.class);
    /** Offers per run; the next run, moments later, takes the rest. */
    static final int BATCH = 500;

    private final BookingService bookings;
    private final BookingRepository repository;
    private final Clock clock;

    OfferExpiry(BookingService bookings, BookingRepository repository, Clock clock) {
        this.bookings = bookings;
        this.repository = repository;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${eventflow.booking.offer-sweep-every:PT15S}")
    void run() {
        try {
            expireDue();
        } catch (RuntimeException e) {
            log.warn("Offer expiry failed, the next run retries: {}", e.toString());
        }
    }

    /**
     * Expires the offers due now; returns how many this call expired. Each in its own transaction: one that fails is
     * logged and tried again next run, without holding back the others.
     */
    int expireDue() {
        Instant now = clock.instant();
        List<UUID> due = repository.offersDue(now, BATCH);
        int expired = 0;
        for (UUID bookingId : due) {
            try {
                expired += bookings.expire(bookingId, now);
            } catch (RuntimeException e) {
                log.warn("Expiring offer {} failed, the next run retries: {}", bookingId, e.toString());
            }
        }
        return expired;
    }
}
