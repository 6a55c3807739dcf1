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
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.identity.UserDeleted;
import io.eventflow.media.PhotoEvents.PhotoDeleted;
import io.eventflow.media.PhotoEvents.PhotoUploaded;
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
    private final Follows follows;
    private final EventCatalog catalog;
    private final Bookings bookings;
    private final IdGenerator ids;

    ActivityRecorder(ActivityLog activities, Follows follows, EventCatalog catalog, Bookings bookings, IdGenerator ids) {
        this.activities = activities;
        this.follows = follows;
        this.catalog = catalog;
        this.bookings = bookings;
        this.ids = ids;
    }

    @ApplicationModuleListener
    void on(EventCreated created) {
        EventSnapshot event = created.event();
        if (catalog.find(event.id()).isPresent()) {
            activities.record(new Recorded(ids.next(), Activities.eventCreatedKey(event.id()), Activities.EVENT_CREATED,
                    event.organizerId(), event.id(), event.title(), null, null, created.occurredAt()));
        }
    }

    @ApplicationModuleListener
    void on(EventUpdated updated) {
        if (updated.changes().containsKey("title")) {
            activities.renameEvent(updated.event().id(), updated.event().title());
        }
    }

    @ApplicationModuleListener
    void on(EventDeleted deleted) {
        activities.removeOfEvent(deleted.event().id());
    }

    @ApplicationModuleListener
    void on(BookingConfirmed confirmed) {
        rsvp(confirmed.userId(), confirmed.eventId(), confirmed.occurredAt());
    }

    @ApplicationModuleListener
    void on(BookingPromoted promoted) {
        rsvp(promoted.userId(), promoted.eventId(), promoted.occurredAt());
    }

    @ApplicationModuleListener
    void on(BookingCancelled cancelled) {
        activities.remove(Activities.rsvpKey(cancelled.userId(), cancelled.eventId()));
    }

    @ApplicationModuleListener
    void on(PhotoUploaded uploaded) {
        catalog.find(uploaded.eventId()).ifPresent(event -> activities.record(new Recorded(ids.next(),
                Activities.photoKey(uploaded.photoId()), Activities.PHOTO_UPLOADED, uploaded.uploaderId(), event.id(),
                event.title(), null, uploaded.photoId(), uploaded.occurredAt())));
    }

    @ApplicationModuleListener
    void on(PhotoDeleted deleted) {
        activities.remove(Activities.photoKey(deleted.photoId()));
    }

    @ApplicationModuleListener
    void on(UserDeleted deleted) {
        activities.removeUser(deleted.userId());
        follows.removeUser(deleted.userId());
    }

    /** Only a held seat is news; a waiting-list place is not shown to anyone else. */
    private void rsvp(UUID userId, UUID eventId, Instant at) {
        if (!bookings.hasConfirmedSeat(eventId, userId)) {
            return;
        }
        catalog.find(eventId).ifPresent(event -> activities.record(new Recorded(ids.next(), Activities.rsvpKey(userId, eventId),
                Activities.RSVP, userId, eventId, event.title(), null, null, at)));
    }
}
