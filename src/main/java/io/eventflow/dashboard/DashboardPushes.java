package io.eventflow.dashboard;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingCheckedIn;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.BookingEvents.BookingWaitlisted;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.media.PhotoEvents.PhotoDeleted;
import io.eventflow.media.PhotoEvents.PhotoUploaded;
import io.eventflow.platform.AfterCommit;
import io.eventflow.realtime.Broadcaster;

/**
 * Tells the dashboards an event's figures moved: {@code dashboard_changed {event_id}} on {@code /ws/events/{id}}
 * (the event's page for its organizer or an admin) and on the organizer's {@code /ws/notifications} (their page
 * across events). The per-event channel is public, so the signal carries no figures: the page reads them once per
 * signal, as the organizer, over HTTP. Changes of one event are gathered for {@code push-delay} after the first
 * commit and signalled once, so a rush of bookings costs one read per delay rather than one per booking. At most
 * once, like every push: a page that reconnects reads the figures again.
 */
@Component
class DashboardPushes implements DisposableBean {

    static final String TYPE = "dashboard_changed";

    private final Broadcaster broadcaster;
    private final EventCatalog catalog;
    private final long delayMillis;
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dashboard-pushes").daemon().factory());

    DashboardPushes(Broadcaster broadcaster, EventCatalog catalog, DashboardProperties properties) {
        this.broadcaster = broadcaster;
        this.catalog = catalog;
        this.delayMillis = properties.pushDelay().toMillis();
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
    void on(BookingCancelled booking) {
        if (!booking.byEventDeletion()) { // the event is going away: nobody's dashboard of it is left to update
            changed(booking.eventId());
        }
    }

    @EventListener
    void on(BookingCheckedIn checkIn) {
        changed(checkIn.eventId());
    }

    @EventListener
    void on(PhotoUploaded photo) {
        changed(photo.eventId());
    }

    @EventListener
    void on(PhotoDeleted photo) {
        if (!photo.byEventDeletion()) {
            changed(photo.eventId());
        }
    }

    /** Called in the changing transaction: the signal is planned once it commits, never if it rolls back. */
    void changed(UUID eventId) {
        AfterCommit.run(() -> {
            if (pending.add(eventId)) {
                timer.schedule(() -> push(eventId), delayMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void push(UUID eventId) {
        pending.remove(eventId); // before reading: a change committed during the read plans another signal
        try {
            catalog.find(eventId).ifPresent(event -> {
                Map<String, Object> data = Map.of("event_id", eventId);
                broadcaster.toEvent(eventId, TYPE, data);
                broadcaster.toUser(event.organizerId(), TYPE, data);
            });
        } catch (RuntimeException e) {
            // the database or the relay is unreachable for a moment: the next change signals again
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
