package io.eventflow.realtime;

import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingOffered;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.BookingEvents.BookingWaitlisted;
import io.eventflow.catalog.EventSeats;

/**
 * Live seats on {@code /ws/events/{id}}. Booking changes of one event are gathered for a moment
 * ({@code availability-delay}, 100 ms) and pushed as one message read after they committed: a rush of
 * 500 bookings a second costs ten reads a second, not a thousand, and every push carries the latest state.
 */
@Component
class AvailabilityFeed implements DisposableBean {

    private final EventSeats seats;
    private final Broadcaster broadcaster;
    private final EventBatches batches;

    AvailabilityFeed(EventSeats seats, Broadcaster broadcaster, RealtimeProperties properties) {
        this.seats = seats;
        this.broadcaster = broadcaster;
        this.batches = new EventBatches("availability-feed", properties.availabilityDelay().toMillis(), this::push);
    }

    @EventListener
    void on(BookingConfirmed booking) {
        changed(booking.eventId());
    }

    @EventListener
    void on(BookingWaitlisted booking) {
        changed(booking.eventId());
    }

    @EventListener
    void on(BookingPromoted booking) {
        changed(booking.eventId());
    }

    @EventListener
    void on(BookingOffered booking) {
        changed(booking.eventId());
    }

    @EventListener
    void on(BookingCancelled booking) {
        changed(booking.eventId());
    }

    /** Called in the changing transaction: the push is planned once it commits. */
    void changed(UUID eventId) {
        batches.changed(eventId);
    }

    private void push(UUID eventId) {
        current(eventId).ifPresent(availability -> broadcaster.toEvent(eventId, "availability", availability));
    }

    /** One indexed read: the waiting list's length is kept on the event row with the seats (not counted here). */
    Optional<Availability> current(UUID eventId) {
        return seats.current(eventId).map(state -> new Availability(eventId, state.capacity(), state.seatsTaken(),
                state.seatsLeft(), state.waitlisted()));
    }

    @Override
    public void destroy() {
        batches.close();
    }
}
