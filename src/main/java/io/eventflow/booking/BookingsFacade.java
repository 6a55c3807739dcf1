package io.eventflow.booking;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

@Service
class BookingsFacade implements Bookings {

    private final BookingService bookings;
    private final BookingRepository repository;
    private final TicketService tickets;
    private final Attendance attendance;
    private final EventGate gate;

    BookingsFacade(BookingService bookings, BookingRepository repository, TicketService tickets, Attendance attendance, EventGate gate) {
        this.bookings = bookings;
        this.gate = gate;
        this.repository = repository;
        this.tickets = tickets;
        this.attendance = attendance;
    }

    @Override
    public BookingView book(CurrentUser user, UUID eventId) {
        return gate.through(eventId, () -> bookings.book(user, eventId, "booking", null)).booking();
    }

    @Override
    public void cancel(CurrentUser actor, UUID bookingId) {
        bookings.cancel(actor, bookingId);
    }

    @Override
    public Optional<BookingView> activeBooking(CurrentUser user, UUID eventId) {
        return repository.findActive(eventId, user.id());
    }

    @Override
    public PageView<BookingView> mine(CurrentUser user, Paging paging) {
        return bookings.ofUser(user, user.id(), paging);
    }

    @Override
    public PageView<BookingView> ofUser(CurrentUser actor, UUID userId, Paging paging) {
        return bookings.ofUser(actor, userId, paging);
    }

    @Override
    public PageView<BookingView> ofEvent(CurrentUser actor, UUID eventId, Paging paging) {
        return bookings.ofEvent(actor, eventId, paging);
    }

    @Override
    public byte[] ticketImage(CurrentUser holder, UUID bookingId) {
        return tickets.qrPng(tickets.ticket(holder, bookingId).code());
    }

    @Override
    public UUID checkIn(CurrentUser organizer, UUID eventId, String code) {
        return tickets.checkIn(organizer, eventId, code).bookingId();
    }

    @Override
    public EventStats stats(CurrentUser actor, UUID eventId) {
        Attendance.Stats s = attendance.stats(actor, eventId);
        return new EventStats(s.capacity(), s.confirmed(), s.waitlisted(), s.cancelled(), s.rsvpCount(), s.arrivalCount(),
                s.fillRate());
    }

    @Override
    public List<UUID> confirmedParticipants(UUID eventId) {
        return repository.participants(eventId, List.of(BookingStatus.CONFIRMED));
    }

    @Override
    public List<UUID> activeParticipants(UUID eventId) {
        return repository.participants(eventId, List.of(BookingStatus.CONFIRMED, BookingStatus.WAITLISTED));
    }

    @Override
    public boolean hasConfirmedSeat(UUID eventId, UUID userId) {
        return repository.findActive(eventId, userId).filter(b -> b.status() == BookingStatus.CONFIRMED).isPresent();
    }

    @Override
    public boolean isConfirmed(UUID bookingId) {
        return repository.find(bookingId).filter(b -> b.status() == BookingStatus.CONFIRMED).isPresent();
    }
}
