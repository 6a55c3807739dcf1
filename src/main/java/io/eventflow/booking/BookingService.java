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
import io.eventflow.booking.BookingEvents.BookingOffered;
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
import io.eventflow.catalog.WaitlistMode;
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
 * nothing is ever half-written. In an event's offer mode ({@link WaitlistMode#OFFER}) a freed seat is offered to the
 * first in line instead, held for them until they accept or decline it or the offer expires ({@link OfferExpiry}).
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
            return new Outcome(new BookingView(id, eventId, user.id(), kind, BookingStatus.CONFIRMED, null, now, now, null), true);
        }
        // the newest in line: its place is the line's length, kept on the event row (counting thousands of waiting
        // bookings here would hold every other booking of the event at the lock)
        int position = claim.waitlistPosition();
        insert(id, eventId, user, kind, BookingStatus.WAITLISTED, claim.waitlistSeq(), idempotencyKey, now);
        events.publishEvent(new BookingWaitlisted(id, eventId, user.id(), position, now));
        return new Outcome(new BookingView(id, eventId, user.id(), kind, BookingStatus.WAITLISTED, position, now, now, null), true);
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
            String status = existing.status().wireName();
            throw new AlreadyBooked("You already have " + (status.startsWith("o") ? "an " : "a ") + status + " booking "
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
        cancelLocked(booking, seats, now, null);
    }

    /** {@code offerExpiredAt}: the deadline of the offer whose lapse cancels the booking, told to its holder. */
    private void cancelLocked(BookingView booking, @Nullable SeatState seats, Instant now, @Nullable Instant offerExpiredAt) {
        if (booking.status() == BookingStatus.CANCELLED) {
            return; // cancelling twice changes nothing
        }
        boolean hadSeat = booking.status().holdsSeat(); // an offered seat is held, and passes on like a confirmed one
        bookings.setStatus(booking.id(), BookingStatus.CANCELLED, now);
        events.publishEvent(new BookingCancelled(booking.id(), booking.eventId(), booking.userId(), hadSeat, false, now,
                offerExpiredAt));
        if (seats != null) {
            int freed = hadSeat ? seats.seatsTaken() - 1 : seats.seatsTaken();
            int waiting = booking.status() == BookingStatus.WAITLISTED ? seats.waitlisted() - 1 : seats.waitlisted();
            int taken = seats.status() == EventStatus.CANCELLED ? freed : fillFreeSeats(seats, freed, now);
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

    /**
     * Gives free seats to the waiting list, first come first served, while seats are free; returns the new count. In
     * the event's offer mode a seat is offered rather than given: held for the first in line (it counts as taken, so
     * nobody else can book it) until they accept, decline or the offer expires.
     */
    private int fillFreeSeats(SeatState seats, int taken, Instant now) {
        UUID eventId = seats.eventId();
        while (seats.capacity() == null || taken < seats.capacity()) {
            var next = bookings.firstWaitlisted(eventId);
            if (next.isEmpty()) {
                break;
            }
            if (seats.waitlistMode() == WaitlistMode.OFFER) {
                Instant expiresAt = offerDeadline(seats, now);
                bookings.offer(next.get(), expiresAt, now);
                BookingView offered = bookings.find(next.get()).orElseThrow();
                events.publishEvent(new BookingOffered(offered.id(), eventId, offered.userId(), expiresAt, now));
            } else {
                bookings.setStatus(next.get(), BookingStatus.CONFIRMED, now);
                BookingView promoted = bookings.find(next.get()).orElseThrow();
                events.publishEvent(new BookingPromoted(promoted.id(), eventId, promoted.userId(), now));
            }
            taken++;
        }
        return taken;
    }

    /**
     * The event's offer time from now, but no later than its start: a seat offered until after the doors opened
     * would be held empty while the event runs. An offer made after the start (a seat freed mid-event) gets the full
     * offer time.
     */
    private static Instant offerDeadline(SeatState seats, Instant now) {
        Instant full = now.plus(seats.offerTtl()).truncatedTo(ChronoUnit.MICROS);
        return seats.startTime().isAfter(now) && seats.startTime().isBefore(full) ? seats.startTime() : full;
    }

    /**
     * By the booking's holder: the seat offered to them becomes theirs (confirmed) if the offer still stands. Read
     * under the event's row lock, as every seat change is, so an accept and the expiry job (or a second accept, on
     * any node) never both act on the same offer.
     */
    @Transactional
    BookingView accept(CurrentUser actor, UUID bookingId) {
        Locked locked = lockForHolder(actor, bookingId, "accept");
        BookingView booking = locked.booking();
        Instant now = clock.instant();
        refuseUnlessOpen(booking, now, "accepted");
        if (bookings.acceptOffer(booking.id(), now) != 1) {
            throw new IllegalStateException("Offer " + booking.id() + " changed under its event's lock");
        }
        events.publishEvent(new BookingPromoted(booking.id(), booking.eventId(), booking.userId(), now));
        return bookings.find(booking.id()).orElseThrow();
    }

    /** By the booking's holder: gives the offered seat up (the booking is cancelled) and offers it to the next in line. */
    @Transactional
    BookingView decline(CurrentUser actor, UUID bookingId) {
        Locked locked = lockForHolder(actor, bookingId, "decline");
        Instant now = clock.instant();
        refuseUnlessOpen(locked.booking(), now, "declined");
        cancelLocked(locked.booking(), locked.seats(), now);
        return bookings.find(bookingId).orElseThrow();
    }

    private record Locked(BookingView booking, @Nullable SeatState seats) {
    }

    /**
     * The booking read again under its event's lock, if the actor holds it. Someone else's booking is not confirmed
     * to exist (404), as for reading it; the event's organizer and admins, who may see it, are told that only its
     * holder answers an offer (403).
     */
    private Locked lockForHolder(CurrentUser actor, UUID bookingId, String what) {
        BookingView booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFound(bookingId));
        SeatState seats = eventSeats.lock(booking.eventId()).orElse(null);
        booking = bookings.find(bookingId).orElseThrow();
        if (!actor.id().equals(booking.userId())) {
            boolean manager = seats != null && EventPolicy.mayManage(actor, seats.organizerId());
            if (manager || actor.isSelfOrAdmin(booking.userId())) {
                throw new NotAllowed("Only the booking's holder may " + what + " the seat offered to it");
            }
            throw new BookingNotFound(bookingId);
        }
        return new Locked(booking, seats);
    }

    private static void refuseUnlessOpen(BookingView booking, Instant now, String done) {
        switch (booking.status()) {
            case OFFERED -> {
                Instant expiresAt = booking.offerExpiresAt();
                if (expiresAt != null && !expiresAt.isAfter(now)) {
                    throw new OfferNotOpen("The seat offered to this booking was held until " + expiresAt
                            + "; the offer has expired and the seat goes to the next in line");
                }
            }
            case CONFIRMED -> throw new OfferNotOpen("This booking already holds a confirmed seat; there is no offer to be "
                    + done);
            case WAITLISTED -> throw new OfferNotOpen("No seat is offered to this booking yet: it is number "
                    + booking.waitlistPosition() + " on the waiting list");
            case CANCELLED -> throw new OfferNotOpen("This booking is cancelled (declined, expired or cancelled); there "
                    + "is no offer to be " + done);
        }
    }

    /**
     * Expires one offer whose time was up at {@code now}: the booking is cancelled and the seat offered to the next in
     * line, in one transaction under the event's row lock. Returns 1 if this call expired it, 0 if it was accepted,
     * declined or expired meanwhile (by another node's job): each offer expires exactly once.
     */
    @Transactional
    int expire(UUID bookingId, Instant now) {
        BookingView booking = bookings.find(bookingId).orElse(null);
        if (booking == null) {
            return 0;
        }
        SeatState seats = eventSeats.lock(booking.eventId()).orElse(null);
        booking = bookings.find(bookingId).orElse(null);
        Instant expiresAt = booking == null ? null : booking.offerExpiresAt();
        if (booking == null || booking.status() != BookingStatus.OFFERED || expiresAt == null || expiresAt.isAfter(now)) {
            return 0;
        }
        cancelLocked(booking, seats, now, expiresAt);
        return 1;
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
        int taken = fillFreeSeats(seats, seats.seatsTaken(), clock.instant());
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
                    booking.status().holdsSeat(), true, now));
        }
        return active.size();
    }
}
