package io.eventflow.realtime;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingOffered;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.Bookings;

/**
 * Live waiting-list positions, as personal {@code waitlist_position} frames on {@code /ws/notifications}. A booking
 * leaving an event's waiting list (promoted, offered a seat, cancelled) moves everyone behind it: those changes are
 * gathered for a moment ({@code availability-delay}, as {@link AvailabilityFeed}), then the list is read once and each
 * holder still waiting is told their place. The booking that left is told its new status at once. Nobody's place
 * changes when someone joins (at the end), so joining pushes nothing.
 */
@Component
class WaitlistFeed implements DisposableBean {

    static final String TYPE = "waitlist_position";

    private final Bookings bookings;
    private final Broadcaster broadcaster;
    private final EventBatches batches;

    WaitlistFeed(Bookings bookings, Broadcaster broadcaster, RealtimeProperties properties) {
        this.bookings = bookings;
        this.broadcaster = broadcaster;
        this.batches = new EventBatches("waitlist-feed", properties.availabilityDelay().toMillis(), this::push);
    }

    @EventListener
    void on(BookingPromoted booking) {
        left(booking.eventId(), booking.bookingId(), booking.userId(), "confirmed");
    }

    @EventListener
    void on(BookingOffered booking) {
        left(booking.eventId(), booking.bookingId(), booking.userId(), "offered");
    }

    @EventListener
    void on(BookingCancelled booking) {
        if (!booking.hadSeat() && !booking.byEventDeletion()) { // a seat's holder leaving frees a seat: promoted next
            left(booking.eventId(), booking.bookingId(), booking.userId(), "cancelled");
        }
    }

    /** Called in the changing transaction: the pushes leave once it commits. */
    private void left(UUID eventId, UUID bookingId, UUID userId, String status) {
        broadcaster.toUser(userId, TYPE, new Place(eventId, bookingId, null, status));
        batches.changed(eventId);
    }

    private void push(UUID eventId) {
        List<Bookings.WaitingPlace> line = bookings.waitingList(eventId);
        for (int i = 0; i < line.size(); i++) {
            Bookings.WaitingPlace place = line.get(i);
            broadcaster.toUser(place.userId(), TYPE, new Place(eventId, place.bookingId(), i + 1, "waitlisted"));
        }
    }

    /** {@code position}: 1 = next in line; null once the booking is off the waiting list ({@code status} says how). */
    record Place(UUID eventId, UUID bookingId, @Nullable Integer position, String status) {
    }

    @Override
    public void destroy() {
        batches.close();
    }
}
