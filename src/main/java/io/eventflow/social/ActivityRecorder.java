package io.eventflow.social;

import java.time.Instant;
import java.util.UUID;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventCreated;
import io.eventflow.catalog.EventsCreated;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.identity.UserDeleted;
import io.eventflow.media.PhotoEvents.PhotoDeleted;
import io.eventflow.media.PhotoEvents.PhotoUploaded;
import io.eventflow.media.Photos;
import io.eventflow.platform.IdGenerator;
import io.eventflow.social.ActivityLog.Recorded;

/**
 * Turns the other modules' domain events into activities. Each listener runs after the publishing
 * transaction committed, from the event publication registry (so a crash in between loses nothing), and is
 * idempotent through the activity's dedup key. Listeners of different events may run in any order, so a
 * listener that adds an activity first checks that what it reports is still true (the event still exists,
 * the seat is still held).
 */
@Component
class ActivityRecorder {

    private final ActivityLog activities;
    private final FollowRepository follows;
    private final EventCatalog catalog;
    private final Bookings bookings;
    private final IdGenerator ids;
    private final Photos photos;

    ActivityRecorder(ActivityLog activities, FollowRepository follows, EventCatalog catalog, Bookings bookings, IdGenerator ids,
            Photos photos) {
        this.photos = photos;
        this.activities = activities;
        this.follows = follows;
        this.catalog = catalog;
        this.bookings = bookings;
        this.ids = ids;
    }

    /** The title is the event's current one, not the payload's: a rename may have been handled first. */
    @ApplicationModuleListener
    void on(EventCreated created) {
        catalog.find(created.event().id()).ifPresent(event -> activities.record(new Recorded(ids.next(),
                ActivityTypes.eventCreatedKey(event.id()), ActivityTypes.EVENT_CREATED, event.organizerId(), event.id(), event.title(),
                null, null, created.occurredAt())));
    }

    /** As each were published alone: the same activity and key for each (a re-run after a crash repeats none). */
    @ApplicationModuleListener
    void on(EventsCreated created) {
        created.each().forEach(this::on);
    }

    /** Two quick renames may be handled in either order: the current title wins, not the payload's. */
    @ApplicationModuleListener
    void on(EventUpdated updated) {
        if (updated.changes().containsKey("title")) {
            catalog.find(updated.event().id()).ifPresent(event -> activities.renameEvent(event.id(), event.title()));
        }
    }

    @ApplicationModuleListener
    void on(EventDeleted deleted) {
        activities.removeOfEvent(deleted.event().id());
    }

    @ApplicationModuleListener
    void on(BookingConfirmed confirmed) {
        rsvp(confirmed.bookingId(), confirmed.userId(), confirmed.eventId(), confirmed.occurredAt());
    }

    @ApplicationModuleListener
    void on(BookingPromoted promoted) {
        rsvp(promoted.bookingId(), promoted.userId(), promoted.eventId(), promoted.occurredAt());
    }

    /** Keyed by booking: cancelling an earlier booking never removes the activity of the next one. */
    @ApplicationModuleListener
    void on(BookingCancelled cancelled) {
        activities.removeForGood(ActivityTypes.rsvpKey(cancelled.bookingId()));
    }

    @ApplicationModuleListener
    void on(PhotoUploaded uploaded) {
        if (!photos.exists(uploaded.photoId())) { // deleted before this ran: nothing to show
            return;
        }
        catalog.find(uploaded.eventId()).ifPresent(event -> activities.record(new Recorded(ids.next(),
                ActivityTypes.photoKey(uploaded.photoId()), ActivityTypes.PHOTO_UPLOADED, uploaded.uploaderId(), event.id(),
                event.title(), null, uploaded.photoId(), uploaded.occurredAt())));
    }

    @ApplicationModuleListener
    void on(PhotoDeleted deleted) {
        activities.removeForGood(ActivityTypes.photoKey(deleted.photoId()));
    }

    @ApplicationModuleListener
    void on(UserDeleted deleted) {
        // follows first, as an unfollow does: a fan-out share-locks follow rows before it touches activities
        follows.removeUser(deleted.userId());
        activities.removeUser(deleted.userId());
    }

    /** Only a held seat is news; a waiting-list place is not shown to anyone else. */
    private void rsvp(UUID bookingId, UUID userId, UUID eventId, Instant at) {
        if (!bookings.isConfirmed(bookingId)) { // cancelled before this ran (maybe booked again: that is another booking)
            return;
        }
        catalog.find(eventId).ifPresent(event -> activities.record(new Recorded(ids.next(), ActivityTypes.rsvpKey(bookingId),
                ActivityTypes.RSVP, userId, eventId, event.title(), null, null, at)));
    }
}
