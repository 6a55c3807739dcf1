package io.eventflow.notification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingOffered;
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
import io.eventflow.webhook.WebhookDisabled;

/**
 * Decides who is told what when something happens in the other modules, each with a key that names what they are
 * told, so that handling the same domain event twice notifies once. {@link NotificationComposer} puts the news
 * into words, {@link NotificationDelivery} stores it on the channels each user wants.
 * <p>
 * Most listeners run after the change committed, from the event publication registry (the outbox): a crash in
 * between loses nothing, and the booking's own transaction does not wait for any of this.
 */
@Component
class NotificationPlanner {

    /** Changes a participant needs to hear about; capacity or description edits are not news to them. */
    static final Set<String> NEWSWORTHY = Set.of("title", "start_time", "end_time", "timezone", "location", "latitude",
            "longitude", "status");

    private final EventCatalog catalog;
    private final Bookings bookings;
    private final UserDirectory users;
    private final NotificationComposer composer;
    private final NotificationDelivery delivery;
    private final RecipientLanguages languages;

    NotificationPlanner(EventCatalog catalog, Bookings bookings, UserDirectory users, NotificationComposer composer,
            NotificationDelivery delivery, RecipientLanguages languages) {
        this.languages = languages;
        this.catalog = catalog;
        this.bookings = bookings;
        this.users = users;
        this.composer = composer;
        this.delivery = delivery;
    }

    @ApplicationModuleListener
    void on(UserRegistered registered) {
        tell(registered.userId(), "welcome:" + registered.userId(), new News.Welcome(registered.username()));
    }

    /** Once per follower and followee: unfollowing and following again does not notify again. */
    @ApplicationModuleListener
    void on(UserFollowed followed) {
        users.find(followed.followerId()).ifPresent(follower -> tell(followed.followeeId(),
                "new_follower:" + follower.id() + ":" + followed.followeeId(), new News.NewFollower(follower.id(), follower.username())));
    }

    /** Once per disabling: turned on again and disabled again, the owner hears of it again. */
    @ApplicationModuleListener
    void on(WebhookDisabled disabled) {
        tell(disabled.ownerId(), "webhook_disabled:" + disabled.webhookId() + ":" + disabled.occurredAt().toEpochMilli(),
                new News.WebhookDisabled(disabled.webhookId(), disabled.url(), disabled.failures(), disabled.lastError()));
    }

    /**
     * Not for the events of a batch (an import, a batch request, a series' occurrences): the organizer published them
     * together and the answer lists them all, while a notice (and an e-mail) for each of a thousand would bury the
     * notices that matter. The condition is checked before the outbox row is written, so none is written for them.
     * It reads the event as {@code #root.args[0]}: naming the parameter ({@code #created}) made Spring discover the
     * method's parameter names by reflection on every evaluation, 13 % of the listeners' CPU per create (JFR).
     */
    @ApplicationModuleListener(condition = "!#root.args[0].inBatch()")
    void on(EventCreated created) {
        EventSnapshot event = created.event();
        tell(event.organizerId(), "event_created:" + event.id(), new News.EventPublished(event));
    }

    @ApplicationModuleListener
    void on(BookingConfirmed confirmed) {
        catalog.find(confirmed.eventId()).ifPresent(event -> tell(confirmed.userId(), "booking_confirmed:" + confirmed.bookingId(),
                new News.SeatConfirmed(event, confirmed.bookingId())));
    }

    @ApplicationModuleListener
    void on(BookingWaitlisted waitlisted) {
        catalog.find(waitlisted.eventId()).ifPresent(event -> tell(waitlisted.userId(), "booking_waitlisted:" + waitlisted.bookingId(),
                new News.Waitlisted(event, waitlisted.bookingId(), waitlisted.position())));
    }

    @ApplicationModuleListener
    void on(BookingPromoted promoted) {
        catalog.find(promoted.eventId()).ifPresent(event -> tell(promoted.userId(), "booking_promoted:" + promoted.bookingId(),
                new News.SeatFreedUp(event, promoted.bookingId())));
    }

    @ApplicationModuleListener
    void on(BookingOffered offered) {
        catalog.find(offered.eventId()).ifPresent(event -> tell(offered.userId(), "booking_offered:" + offered.bookingId(),
                new News.SeatOffered(event, offered.bookingId(), offered.expiresAt())));
    }

    @ApplicationModuleListener
    void on(BookingCancelled cancelled) {
        if (users.find(cancelled.userId()).isEmpty()) {
            return; // cancelled with its deleted account: nobody left to tell
        }
        if (cancelled.byEventDeletion()) {
            return; // the event's deletion or cancellation tells its participants itself
        }
        catalog.find(cancelled.eventId()).ifPresent(event -> tell(cancelled.userId(), "booking_cancelled:" + cancelled.bookingId(),
                new News.BookingCancelled(event, cancelled.bookingId(), cancelled.offerExpiredAt())));
    }

    /**
     * A cancellation, in the cancelling transaction and before the booking module cancels the event's bookings (as
     * for a deletion): after the commit nobody would be left to tell. The bookings' own cancellations are marked as
     * caused by the event, so this is the only message a participant gets.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void onCancellation(EventUpdated updated) {
        if (!cancels(updated)) {
            return;
        }
        EventSnapshot event = updated.event();
        tellParticipants(event, "event_cancelled:" + event.id() + ":" + event.version() + ":", new News.EventCancelled(event, false));
    }

    @ApplicationModuleListener
    void on(EventUpdated updated) {
        if (cancels(updated)) {
            return; // told in the cancelling transaction, whatever else changed with it
        }
        List<News.EventChanged.Change> news = updated.changes().entrySet().stream()
                .filter(change -> NEWSWORTHY.contains(change.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .map(change -> new News.EventChanged.Change(change.getKey(), change.getValue().oldValue(), change.getValue().newValue()))
                .toList();
        if (news.isEmpty()) {
            return;
        }
        EventSnapshot event = updated.event();
        tellParticipants(event, "event_changed:" + event.id() + ":" + event.version() + ":", new News.EventChanged(event, news));
    }

    /**
     * In the deleting transaction, before the booking module cancels the event's bookings (so the participants
     * are still there to be found): the notifications are stored with the deletion or not at all.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(EventDeleted deleted) {
        EventSnapshot event = deleted.event();
        tellParticipants(event, "event_deleted:" + event.id() + ":", new News.EventCancelled(event, true));
    }

    /** In the reminder job's transaction, with the claim of the reminder: both or neither. */
    @EventListener
    void on(ReminderDue due) {
        catalog.find(due.eventId()).ifPresent(event -> tell(due.userId(), "reminder:" + due.reminderId(), new News.StartingSoon(due, event)));
    }

    private static boolean cancels(EventUpdated updated) {
        return updated.changes().containsKey("status") && updated.event().status() == EventStatus.CANCELLED;
    }

    private void tell(UUID userId, String key, News news) {
        delivery.deliver(composer.compose(news, languages.of(userId)).to(userId, key));
    }

    /**
     * Everyone with an active booking, confirmed or waiting: news about the event concerns both. Worded once for all
     * of them; {@code keyPrefix} plus the user is what each one is told.
     */
    private void tellParticipants(EventSnapshot event, String keyPrefix, News news) {
        List<UUID> participants = bookings.activeParticipants(event.id());
        if (participants.isEmpty()) {
            return;
        }
        Function<UUID, Notice> worded = languages.wording(news, composer);
        for (UUID userId : participants) {
            delivery.deliver(worded.apply(userId).to(userId, keyPrefix + userId));
        }
    }
}
