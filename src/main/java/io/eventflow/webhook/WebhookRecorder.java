package io.eventflow.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingCheckedIn;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.BookingEvents.BookingWaitlisted;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventCreated;
import io.eventflow.catalog.EventsCreated;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.identity.UserDeleted;

/**
 * Turns the other modules' domain events into delivery rows, one per endpoint that subscribed to the type and may hear
 * of the event (its organizer's, and the admins' all-events ones).
 * <p>
 * Spring Modulith's after-commit listeners, from the event publication registry: a crash between the change's commit
 * and these rows loses nothing (the publication is run again), and each row has a unique key of its cause, so running a
 * listener twice writes it once. Sending is the {@link DeliveryWorker}'s, later, never in here.
 */
@Component
class WebhookRecorder {

    private final WebhookService webhooks;
    private final EventCatalog catalog;

    WebhookRecorder(WebhookService webhooks, EventCatalog catalog) {
        this.webhooks = webhooks;
        this.catalog = catalog;
    }

    @ApplicationModuleListener
    void on(BookingConfirmed confirmed) {
        booking(WebhookEventType.BOOKING_CONFIRMED, confirmed.bookingId(), confirmed.eventId(), confirmed.userId(),
                confirmed.occurredAt(), Map.of());
    }

    @ApplicationModuleListener
    void on(BookingWaitlisted waitlisted) {
        booking(WebhookEventType.BOOKING_WAITLISTED, waitlisted.bookingId(), waitlisted.eventId(), waitlisted.userId(),
                waitlisted.occurredAt(), Map.of("position", waitlisted.position()));
    }

    @ApplicationModuleListener
    void on(BookingPromoted promoted) {
        booking(WebhookEventType.BOOKING_PROMOTED, promoted.bookingId(), promoted.eventId(), promoted.userId(),
                promoted.occurredAt(), Map.of());
    }

    /** Bookings cancelled with their deleted event are told by that event's {@code event.deleted} alone. */
    @ApplicationModuleListener
    void on(BookingCancelled cancelled) {
        booking(WebhookEventType.BOOKING_CANCELLED, cancelled.bookingId(), cancelled.eventId(), cancelled.userId(),
                cancelled.occurredAt(), Map.of("had_seat", cancelled.hadSeat(), "by_event", cancelled.byEventDeletion()));
    }

    @ApplicationModuleListener
    void on(BookingCheckedIn checkedIn) {
        booking(WebhookEventType.CHECKIN_CREATED, checkedIn.bookingId(), checkedIn.eventId(), checkedIn.userId(),
                checkedIn.occurredAt(), Map.of("method", checkedIn.method().name().toLowerCase(Locale.ROOT)));
    }

    @ApplicationModuleListener
    void on(EventCreated created) {
        EventSnapshot event = created.event();
        webhooks.enqueue(event.organizerId(), WebhookEventType.EVENT_CREATED, "event:" + event.id(),
                event(event, null), created.occurredAt());
    }

    /** An {@code event.created} delivery for each, keyed as each alone would be. */
    @ApplicationModuleListener
    void on(EventsCreated created) {
        created.each().forEach(this::on);
    }

    /** A change to status cancelled is {@code event.cancelled}; any other change {@code event.updated}. */
    @ApplicationModuleListener
    void on(EventUpdated updated) {
        EventSnapshot event = updated.event();
        EventUpdated.FieldChange status = updated.changes().get("status");
        boolean cancelled = status != null && status.newValue() == EventStatus.CANCELLED;
        Map<String, Object> data = event(event, updated.changes().keySet().stream().sorted().toList());
        webhooks.enqueue(event.organizerId(), cancelled ? WebhookEventType.EVENT_CANCELLED : WebhookEventType.EVENT_UPDATED,
                "event:" + event.id() + ":" + event.version(), data, updated.occurredAt());
    }

    @ApplicationModuleListener
    void on(EventDeleted deleted) {
        EventSnapshot event = deleted.event();
        webhooks.enqueue(event.organizerId(), WebhookEventType.EVENT_DELETED, "event:" + event.id(), event(event, null),
                deleted.occurredAt());
    }

    /** A deleted account's endpoints go with it. */
    @ApplicationModuleListener
    void on(UserDeleted deleted) {
        webhooks.deleteOwnedBy(deleted.userId());
    }

    private void booking(WebhookEventType type, UUID bookingId, UUID eventId, UUID userId, Instant at,
            Map<String, Object> more) {
        // gone: deleted with its event, whose own message tells the endpoints
        catalog.find(eventId).ifPresent(event -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("booking_id", bookingId.toString());
            data.put("event_id", eventId.toString());
            data.put("user_id", userId.toString());
            data.putAll(more);
            data.put("event_title", event.title());
            data.put("occurred_at", at.toString());
            webhooks.enqueue(event.organizerId(), type, "booking:" + bookingId, data, at);
        });
    }

    private static Map<String, Object> event(EventSnapshot event, java.util.@Nullable List<String> changedFields) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", event.id().toString());
        data.put("title", event.title());
        put(data, "category", event.category());
        data.put("start_time", event.startTime().toString());
        data.put("end_time", event.endTime().toString());
        data.put("timezone", event.timezone());
        put(data, "location", event.location());
        put(data, "capacity", event.capacity());
        data.put("status", event.status().wireName());
        data.put("organizer_id", event.organizerId().toString());
        data.put("version", event.version());
        data.put("updated_at", event.updatedAt().toString());
        if (changedFields != null) {
            data.put("changed_fields", changedFields);
        }
        return data;
    }

    private static void put(Map<String, Object> data, String key, @Nullable Object value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
