package io.eventflow.notification;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.BookingEvents.BookingWaitlisted;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventCreated;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventStatus;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserRegistered;
import io.eventflow.social.SocialEvents.UserFollowed;

/**
 * Turns the other modules' domain events into notifications: who is told what, on which channels (their
 * preferences), stored with a key that makes doing it twice harmless. Most listeners run after the change
 * committed, from the event publication registry (the outbox): a crash in between loses nothing, and the
 * booking's own transaction does not wait for any of this. In-app notifications are stored as sent and pushed
 * over {@code /ws/notifications}; e-mails are stored as pending for {@link EmailDispatcher}.
 */
@Component
class NotificationPlanner {

    /** Changes a participant needs to hear about; capacity or description edits are not news to them. */
    private static final Set<String> NEWSWORTHY = Set.of("title", "start_time", "end_time", "timezone", "location",
            "latitude", "longitude", "status");

    private final EventCatalog catalog;
    private final Bookings bookings;
    private final UserDirectory users;
    private final MailTemplates templates;
    private final Clock clock;
    private final NotificationDelivery delivery;

    NotificationPlanner(EventCatalog catalog, Bookings bookings, UserDirectory users, MailTemplates templates, Clock clock,
            NotificationDelivery delivery) {
        this.catalog = catalog;
        this.bookings = bookings;
        this.users = users;
        this.templates = templates;
        this.clock = clock;
        this.delivery = delivery;
    }

    @ApplicationModuleListener
    void on(UserRegistered registered) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", "Welcome to EventFlow, " + registered.username() + "!");
        delivery.deliver(new Draft(NotificationType.WELCOME, registered.userId(), null, "welcome:" + registered.userId(), data,
                templates.plain("Welcome to EventFlow", "Welcome to EventFlow, " + registered.username()
                        + "! Find events near you, book a seat, or publish your own.")));
    }

    /** Once per follower and followee: unfollowing and following again does not notify again. */
    @ApplicationModuleListener
    void on(UserFollowed followed) {
        users.find(followed.followerId()).ifPresent(follower -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message", follower.username() + " started following you");
            data.put("user_id", follower.id());
            delivery.deliver(new Draft(NotificationType.NEW_FOLLOWER, followed.followeeId(), null,
                    "new_follower:" + follower.id() + ":" + followed.followeeId(), data,
                    templates.plain(follower.username() + " follows you on EventFlow", follower.username()
                            + " started following you on EventFlow and will see the events you publish and attend.")));
        });
    }

    @ApplicationModuleListener
    void on(EventCreated created) {
        EventSnapshot event = created.event();
        String message = "Your event \"" + event.title() + "\" is published";
        delivery.deliver(new Draft(NotificationType.EVENT_CREATED, event.organizerId(), event.id(), "event_created:" + event.id(),
                about(event, message), templates.aboutEvent("Published: " + event.title(), message + ".", event, null)));
    }

    @ApplicationModuleListener
    void on(BookingConfirmed confirmed) {
        aboutBooking(NotificationType.BOOKING_CONFIRMED, confirmed.userId(), confirmed.bookingId(), confirmed.eventId(),
                "Your seat for \"%s\" is confirmed", "Seat confirmed: %s", null);
    }

    @ApplicationModuleListener
    void on(BookingWaitlisted waitlisted) {
        aboutBooking(NotificationType.BOOKING_WAITLISTED, waitlisted.userId(), waitlisted.bookingId(), waitlisted.eventId(),
                "\"%s\" is full: you are number " + waitlisted.position() + " on the waiting list", "Waiting list: %s",
                "You will be told as soon as a seat is yours.");
    }

    @ApplicationModuleListener
    void on(BookingPromoted promoted) {
        aboutBooking(NotificationType.BOOKING_PROMOTED, promoted.userId(), promoted.bookingId(), promoted.eventId(),
                "A seat freed up: your booking for \"%s\" moved from the waiting list to confirmed", "You have a seat: %s", null);
    }

    @ApplicationModuleListener
    void on(BookingCancelled cancelled) {
        if (users.find(cancelled.userId()).isEmpty()) {
            return; // cancelled with its deleted account: nobody left to tell
        }
        if (!cancelled.byEventDeletion()) { // the event's deletion or cancellation tells its participants itself
            aboutBooking(NotificationType.BOOKING_CANCELLED, cancelled.userId(), cancelled.bookingId(), cancelled.eventId(),
                    "Your booking for \"%s\" is cancelled", "Booking cancelled: %s", null);
        }
    }

    private void aboutBooking(NotificationType type, UUID userId, UUID bookingId, UUID eventId, String message, String subject,
            String extra) {
        catalog.find(eventId).ifPresent(event -> {
            String text = message.formatted(event.title());
            Map<String, Object> data = about(event, text);
            data.put("booking_id", bookingId);
            MailTemplates.Mail mail = templates.aboutEvent(subject.formatted(event.title()), text + ".", event, extra);
            if (type == NotificationType.BOOKING_CONFIRMED || type == NotificationType.BOOKING_PROMOTED) {
                mail = mail.withCalendar(templates.calendar(event, false, clock.instant())); // a seat: into the calendar
            } else if (type == NotificationType.BOOKING_CANCELLED) {
                mail = mail.withCalendar(templates.calendar(event, true, clock.instant())); // out of it
            }
            delivery.deliver(new Draft(type, userId, eventId, type.wireName() + ":" + bookingId, data, mail));
        });
    }

    /**
     * A cancellation, in the cancelling transaction and before the booking module cancels the event's bookings (as
     * for a deletion): after the commit nobody would be left to tell. The bookings' own cancellations are marked as
     * caused by the event, so this is the only message a participant gets.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void onCancellation(EventUpdated updated) {
        EventSnapshot event = updated.event();
        if (!cancels(updated)) {
            return;
        }
        String message = "\"" + event.title() + "\" has been cancelled";
        MailTemplates.Mail mail = templates.aboutEvent("Cancelled: " + event.title(), message + ".", event, null)
                .withCalendar(templates.calendar(event, true, clock.instant()));
        String key = "event_cancelled:" + event.id() + ":" + event.version() + ":";
        for (UUID userId : bookings.activeParticipants(event.id())) {
            delivery.deliver(new Draft(NotificationType.EVENT_CANCELLED, userId, event.id(), key + userId, about(event, message), mail));
        }
    }

    private static boolean cancels(EventUpdated updated) {
        return updated.changes().containsKey("status") && updated.event().status() == EventStatus.CANCELLED;
    }

    @ApplicationModuleListener
    void on(EventUpdated updated) {
        if (cancels(updated)) {
            return; // told in the cancelling transaction, whatever else changed with it
        }
        EventSnapshot event = updated.event();
        List<String> news = updated.changes().keySet().stream().filter(NEWSWORTHY::contains).sorted().toList();
        if (news.isEmpty()) {
            return;
        }
        String key = ":" + event.id() + ":" + event.version() + ":";
        String message = "\"" + event.title() + "\" changed: " + String.join(", ", news).replace('_', ' ');
        Map<String, Object> data = about(event, message);
        Map<String, Object> changes = new LinkedHashMap<>();
        StringBuilder list = new StringBuilder("What changed:");
        for (String field : news) {
            EventUpdated.FieldChange change = updated.changes().get(field);
            changes.put(field, change.newValue());
            list.append("\n- ").append(field.replace('_', ' ')).append(": ").append(shown(change.oldValue()))
                    .append(" → ").append(shown(change.newValue()));
        }
        data.put("changes", changes);
        Draft template = new Draft(NotificationType.EVENT_CHANGED, null, event.id(), "event_changed" + key, data,
                templates.aboutEvent("Changed: " + event.title(), message + ".", event, list.toString())
                        .withCalendar(templates.calendar(event, false, clock.instant()))); // SEQUENCE grew: calendars update
        for (UUID userId : bookings.activeParticipants(event.id())) {
            delivery.deliver(new Draft(template.type(), userId, event.id(), template.key() + userId, template.data(), template.mail()));
        }
    }

    /**
     * In the deleting transaction, before the booking module cancels the event's bookings (so the participants
     * are still there to be found): the notifications are stored with the deletion or not at all.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(EventDeleted deleted) {
        EventSnapshot event = deleted.event();
        String message = "\"" + event.title() + "\" has been cancelled by its organizer";
        MailTemplates.Mail mail = templates.aboutEvent("Cancelled: " + event.title(), message + ".", event, null)
                .withCalendar(templates.calendar(event, true, clock.instant()));
        for (UUID userId : bookings.activeParticipants(event.id())) {
            delivery.deliver(new Draft(NotificationType.EVENT_CANCELLED, userId, event.id(), "event_deleted:" + event.id() + ":" + userId,
                    about(event, message), mail));
        }
    }

    /** In the reminder job's transaction, with the claim of the reminder: both or neither. */
    @EventListener
    void on(ReminderDue due) {
        catalog.find(due.eventId()).ifPresent(event -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", due.reminderId());
            data.put("event_id", due.eventId());
            data.put("title", due.title());
            data.put("start_time", due.startTime());
            data.put("location", due.location());
            data.put("minutes_until_start", Math.max(0, java.time.Duration.between(due.occurredAt(), due.startTime()).toMinutes()));
            String message = "\"" + due.title() + "\" starts " + MailTemplates.when(due.startTime(), event.timezone())
                    + (due.location() != null ? " at " + due.location() : "");
            data.put("message", message);
            delivery.deliver(new Draft(NotificationType.REMINDER, due.userId(), due.eventId(), "reminder:" + due.reminderId(), data,
                    templates.aboutEvent("Starting soon: " + due.title(), message + ".", event, null)
                            .withCalendar(templates.calendar(event, false, clock.instant()))));
        });
    }

    private static Map<String, Object> about(EventSnapshot event, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", event.id());
        data.put("title", event.title());
        data.put("start_time", event.startTime());
        data.put("message", message);
        return data;
    }

    private static String shown(Object value) {
        return value == null ? "(none)" : value.toString();
    }
}
