package io.eventflow.booking;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingConfirmed;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.booking.BookingEvents.BookingWaitlisted;
import io.eventflow.catalog.EventCancelled;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSeats;
import io.eventflow.catalog.EventStarted;
import io.eventflow.catalog.EventStatus;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.catalog.SeatClaim;
import io.eventflow.catalog.SeatState;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDeleted;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * Bookings: taking a seat or a place in line, cancelling, promoting the waiting list. Whether a new booking is
 * confirmed or waitlisted is decided by the seat counter ({@link EventSeats#claim}); this class writes the booking
 * rows around it. Every change of an event's seats runs under that event's row lock ({@link EventSeats#lock}), in one
 * transaction with the booking rows it concerns: concurrent bookings of one event queue up on the lock, so a seat is
 * taken only while one is free, a freed seat goes to the first in the waiting list in the same transaction, and
 * nothing is ever half-written.
 */
@Service
class BookingService {

    private final BookingRepository bookings;
    private final EventCatalog catalog;
    private final EventSeats eventSeats;
    private final IdGenerator ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    BookingService(BookingRepository bookings, EventCatalog catalog, EventSeats eventSeats, IdGenerator ids, Clock clock,
            ApplicationEventPublisher events) {
        this.bookings = bookings;
        this.catalog = catalog;
        this.eventSeats = eventSeats;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
    }

    record Outcome(BookingView booking, boolean created) {
    }

    @Transactional
    Outcome book(CurrentUser user, UUID eventId, String kind, @Nullable String idempotencyKey) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as the database keeps it: a retry answers the same
        if (idempotencyKey != null) {
            // Retries with the same key queue behind the first on the event's lock, then find its answer.
            eventSeats.lock(eventId).orElseThrow(() -> new EventNotFound(eventId));
            var earlier = bookings.findByIdempotencyKey(user.id(), idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().eventId().equals(eventId)) {
                    throw new Conflict("This Idempotency-Key was already used for another event");
                }
                return new Outcome(earlier.get(), false); // a retry: the first answer again
            }
        }
        // Before the seat is claimed, not under the event's lock (every statement there holds up the event's other
        // bookings): a booking of the same user racing this one is refused by the unique active key on insert.
        refuseSecondBooking(eventId, user);
        SeatClaim claim = eventSeats.claim(eventId, now).orElseThrow(() -> notBookable(eventId));
        UUID id = ids.next();
        // The answer is built here rather than read back: from the claim on, every statement runs under the event's
        // row lock, which every other booking of the event is waiting for.
        if (claim.seat()) {
            insert(id, eventId, user, kind, BookingStatus.CONFIRMED, null, idempotencyKey, now);
            events.publishEvent(new BookingConfirmed(id, eventId, user.id(), now));
            return new Outcome(new BookingView(id, eventId, user.id(), kind, BookingStatus.CONFIRMED, null, now, now), true);
        }
        // the newest in line: its place is the line's length, kept on the event row (counting thousands of waiting
        // bookings here would hold every other booking of the event at the lock)
        int position = claim.waitlistPosition();
        insert(id, eventId, user, kind, BookingStatus.WAITLISTED, claim.waitlistSeq(), idempotencyKey, now);
        events.publishEvent(new BookingWaitlisted(id, eventId, user.id(), position, now));
        return new Outcome(new BookingView(id, eventId, user.id(), kind, BookingStatus.WAITLISTED, position, now, now), true);
    }

    /** Why {@link EventSeats#claim} found nothing to claim. */
    private DomainException notBookable(UUID eventId) {
        return catalog.find(eventId)
                .<DomainException>map(event -> event.status() == EventStatus.CANCELLED
                        ? new EventCancelled("The event is cancelled")
                        : new EventStarted("The event has already started; it can no longer be booked"))
                .orElseGet(() -> new EventNotFound(eventId));
    }

    private void refuseSecondBooking(UUID eventId, CurrentUser user) {
        bookings.findActive(eventId, user.id()).ifPresent(existing -> {
            throw new AlreadyBooked("You already have a " + existing.status().wireName() + " booking "
                    + existing.id() + " for this event");
        });
    }

    private void insert(UUID id, UUID eventId, CurrentUser user, String kind, BookingStatus status,
            @Nullable Long waitlistSeq, @Nullable String idempotencyKey, Instant now) {
        try {
            bookings.insert(id, eventId, user.id(), kind, status, waitlistSeq, idempotencyKey, now, TicketService.newCode());
        } catch (DuplicateKeyException raced) { // the same user's booking of this event committed since the check
            throw new AlreadyBooked("You already have a booking for this event");
        }
    }

    /** By the booking's user, the event's organizer or an admin. A seat it held goes to the next in line. */
    @Transactional
    void cancel(CurrentUser actor, UUID bookingId) {
        BookingView booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFound(bookingId));
        SeatState seats = eventSeats.lock(booking.eventId()).orElse(null);
        booking = bookings.find(bookingId).orElseThrow(); // again, now that nobody else can change it
        boolean manager = seats != null && EventPolicy.mayManage(actor, seats.organizerId());
        if (!actor.isSelfOrAdmin(booking.userId()) && !manager) {
            throw new BookingNotFound(bookingId); // as for reading it: do not confirm that someone else's booking exists
        }
        if (booking.status() == BookingStatus.CONFIRMED && bookings.attended(booking.id())) {
            // it is attendance now: cancelling would take it out of the statistics and give its seat away mid-event
            throw new BookingUsed();
        }
        cancelLocked(booking, seats, clock.instant());
    }

    /**
     * Cancels a booking read under its event's row lock ({@code seats}, null when the event is gone). A seat it held
     * goes to the first in line in the same transaction, unless the event is cancelled: nobody is promoted into it.
     */
    private void cancelLocked(BookingView booking, @Nullable SeatState seats, Instant now) {
        if (booking.status() == BookingStatus.CANCELLED) {
            return; // cancelling twice changes nothing
        }
        boolean hadSeat = booking.status() == BookingStatus.CONFIRMED;
        bookings.setStatus(booking.id(), BookingStatus.CANCELLED, now);
        events.publishEvent(new BookingCancelled(booking.id(), booking.eventId(), booking.userId(), hadSeat, false, now));
        if (seats != null) {
            int freed = hadSeat ? seats.seatsTaken() - 1 : seats.seatsTaken();
            int waiting = booking.status() == BookingStatus.WAITLISTED ? seats.waitlisted() - 1 : seats.waitlisted();
            int taken = seats.status() == EventStatus.CANCELLED ? freed : fillFreeSeats(seats.eventId(), seats.capacity(), freed, now);
            eventSeats.record(seats.eventId(), taken, waiting - (taken - freed), -1); // each promotion leaves the line
        }
    }

    /**
     * A deleted account gives up its bookings of events still to come: a seat goes to the first in line, a waiting-list
     * place is left, as if the holder had cancelled each. After the deletion commits, from the outbox (a crash in between loses nothing);
     * run again, it finds nothing active. Each booking is cancelled under its event's row lock, taken first, as every
     * seat change is; events in id order, so two such clean-ups (or the catalog cancelling a deleted organizer's
     * events, which goes in the same order) never wait on each other in a circle.
     */
    @ApplicationModuleListener
    void on(UserDeleted deleted) {
        Instant now = clock.instant();
        for (BookingView active : bookings.activeOfUser(deleted.userId())) {
            SeatState seats = eventSeats.lock(active.eventId()).orElse(null);
            if (seats != null && !seats.startTime().isAfter(now)) {
                continue; // a started or past event is history: its attendance and statistics stay, nobody is promoted into it
            }
            bookings.find(active.id()).ifPresent(booking -> cancelLocked(booking, seats, now)); // read again under the lock
        }
    }

    /** Promotes waitlisted bookings, first come first served, while seats are free; returns the new count. */
    private int fillFreeSeats(UUID eventId, @Nullable Integer capacity, int taken, Instant now) {
        while (capacity == null || taken < capacity) {
            var next = bookings.firstWaitlisted(eventId);
            if (next.isEmpty()) {
                break;
            }
            bookings.setStatus(next.get(), BookingStatus.CONFIRMED, now);
            BookingView promoted = bookings.find(next.get()).orElseThrow();
            events.publishEvent(new BookingPromoted(promoted.id(), eventId, promoted.userId(), now));
            taken++;
        }
        return taken;
    }

    @Transactional(readOnly = true)
    BookingView get(CurrentUser actor, UUID bookingId) {
        BookingView booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFound(bookingId));
        boolean manager = catalog.find(booking.eventId()).map(e -> EventPolicy.mayManage(actor, e.organizerId()))
                .orElse(false);
        if (!actor.isSelfOrAdmin(booking.userId()) && !manager) {
            throw new BookingNotFound(bookingId); // do not confirm that someone else's booking exists
        }
        return booking;
    }

    @Transactional(readOnly = true)
    PageView<BookingView> ofUser(CurrentUser actor, UUID userId, Paging paging) {
        if (!actor.isSelfOrAdmin(userId)) {
            throw new NotAllowed("You may list only your own bookings");
        }
        return new PageView<>(bookings.page("user_id", userId, paging.size(), paging.offset()), paging.page(),
                paging.size(), bookings.count("user_id", userId));
    }

    @Transactional(readOnly = true)
    PageView<BookingView> ofEvent(CurrentUser actor, UUID eventId, Paging paging) {
        var event = catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
        EventPolicy.requireManager(actor, event.organizerId(), "see its bookings");
        return new PageView<>(bookings.page("event_id", eventId, paging.size(), paging.offset()), paging.page(),
                paging.size(), bookings.count("event_id", eventId));
    }

    /** Same transaction as the catalog's change: a deleted event takes its bookings with it. */
    @EventListener
    void on(EventDeleted deleted) {
        cancelAllOf(deleted.event().id(), clock.instant());
    }

    /**
     * Same transaction as the catalog's change, which holds the event's row lock: a cancelled event takes its bookings
     * with it, as a deleted one does (seats given back, nobody promoted); more seats go to the waiting list at once.
     */
    @EventListener
    void on(EventUpdated updated) {
        UUID eventId = updated.event().id();
        if (updated.changes().containsKey("status") && updated.event().status() == EventStatus.CANCELLED) {
            eventSeats.lock(eventId).orElseThrow(); // held already by the catalog's change; the order stays event row first
            int cancelled = cancelAllOf(eventId, clock.instant());
            eventSeats.record(eventId, 0, 0, -cancelled); // as if each had been cancelled on its own
            return;
        }
        if (!updated.changes().containsKey("capacity")) {
            return;
        }
        SeatState seats = eventSeats.lock(eventId).orElseThrow();
        int taken = fillFreeSeats(eventId, seats.capacity(), seats.seatsTaken(), clock.instant());
        if (taken != seats.seatsTaken()) {
            eventSeats.record(eventId, taken, seats.waitlisted() - (taken - seats.seatsTaken()), 0);
        }
    }

    /**
     * Cancels every active booking of an event that is going away (deleted or cancelled); the event's own notice tells
     * the participants, so the cancellations are marked as caused by it. Returns how many there were.
     */
    private int cancelAllOf(UUID eventId, Instant now) {
        List<BookingView> active = bookings.activeOfEvent(eventId);
        for (BookingView booking : active) {
            bookings.setStatus(booking.id(), BookingStatus.CANCELLED, now);
            events.publishEvent(new BookingCancelled(booking.id(), booking.eventId(), booking.userId(),
                    booking.status() == BookingStatus.CONFIRMED, true, now));
        }
        return active.size();
    }
}
