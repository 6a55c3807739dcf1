package io.eventflow.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.platform.AfterCommit;
import io.eventflow.realtime.Broadcaster;

/**
 * Tells the user concerned, on {@code /ws/notifications}: their booking is confirmed or was promoted from the
 * waiting list, an event they booked changed (time, place, title) or was cancelled. Lookups run after the
 * change committed, outside the booking's lock, and nothing is sent for a change that rolled back.
 */
@Component
class PersonalNotifications {

    /** Changes a participant needs to hear about; capacity or description edits are not news to them. */
    private static final Set<String> NEWSWORTHY = Set.of("title", "start_time", "end_time", "timezone", "location",
            "latitude", "longitude", "status");

    private final EventCatalog catalog;
    private final Bookings bookings;
    private final Broadcaster broadcaster;

    PersonalNotifications(EventCatalog catalog, Bookings bookings, Broadcaster broadcaster) {
        this.catalog = catalog;
        this.bookings = bookings;
        this.broadcaster = broadcaster;
    }

    @EventListener
    void on(BookingConfirmed confirmed) {
        AfterCommit.run(() -> aboutBooking(confirmed.userId(), "booking_confirmed", confirmed.bookingId(), confirmed.eventId(),
                "Your seat for \"%s\" is confirmed"));
    }

    @EventListener
    void on(BookingPromoted promoted) {
        AfterCommit.run(() -> aboutBooking(promoted.userId(), "booking_promoted", promoted.bookingId(), promoted.eventId(),
                "A seat freed up: your booking for \"%s\" moved from the waiting list to confirmed"));
    }

    private void aboutBooking(UUID userId, String type, UUID bookingId, UUID eventId, String message) {
        catalog.find(eventId).ifPresent(event -> {
            Map<String, Object> data = about(event, message.formatted(event.title()));
            data.put("booking_id", bookingId);
            broadcaster.toUser(userId, type, data);
        });
    }

    @EventListener
    void on(EventUpdated updated) {
        EventSnapshot event = updated.event();
        boolean cancelled = updated.changes().containsKey("status") && event.status() == EventStatus.CANCELLED;
        List<String> news = updated.changes().keySet().stream().filter(NEWSWORTHY::contains).sorted().toList();
        if (news.isEmpty()) {
            return;
        }
        AfterCommit.run(() -> {
            Map<String, Object> data;
            if (cancelled) {
                data = about(event, "\"" + event.title() + "\" has been cancelled");
            } else {
                data = about(event, "\"" + event.title() + "\" changed: " + String.join(", ", news).replace('_', ' '));
                Map<String, Object> changes = new LinkedHashMap<>();
                news.forEach(field -> changes.put(field, updated.changes().get(field).newValue()));
                data.put("changes", changes);
            }
            String type = cancelled ? "event_cancelled" : "event_changed";
            bookings.activeParticipants(event.id()).forEach(userId -> broadcaster.toUser(userId, type, data));
        });
    }

    /**
     * Runs before the booking module cancels the event's bookings in the same transaction, so the participants
     * are still there to be found; they hear of it once the deletion commits.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(EventDeleted deleted) {
        EventSnapshot event = deleted.event();
        List<UUID> participants = bookings.activeParticipants(event.id());
        if (participants.isEmpty()) {
            return;
        }
        Map<String, Object> data = about(event, "\"" + event.title() + "\" has been cancelled by its organizer");
        participants.forEach(userId -> broadcaster.toUser(userId, "event_cancelled", data));
    }

    private static Map<String, Object> about(EventSnapshot event, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", event.id());
        data.put("title", event.title());
        data.put("start_time", event.startTime());
        data.put("message", message);
        return data;
    }
}
