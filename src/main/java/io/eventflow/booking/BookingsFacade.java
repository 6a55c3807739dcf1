package io.eventflow.booking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Validator;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

@Service
class BookingsFacade implements Bookings {

    private final BookingService bookings;
    private final BookingRepository repository;
    private final TicketService tickets;
    private final Attendance attendance;
    private final EventGate gate;
    private final Validator validator;
    private final AttendeeExporter exporter;

    BookingsFacade(BookingService bookings, BookingRepository repository, TicketService tickets, Attendance attendance,
            EventGate gate, Validator validator, AttendeeExporter exporter) {
        this.bookings = bookings;
        this.exporter = exporter;
        this.validator = validator;
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
    public BookingView rsvp(CurrentUser user, UUID eventId) {
        return gate.through(eventId, () -> bookings.book(user, eventId, "rsvp", null)).booking();
    }

    @Override
    public Arrival arrive(CurrentUser user, UUID eventId, @Nullable Double latitude, @Nullable Double longitude) {
        if (latitude == null || longitude == null) { // the API's @NotNull, in its words
            throw InvalidInput.field(latitude == null ? "latitude" : "longitude", "must not be null");
        }
        Attendance.Position position = new Attendance.Position(latitude, longitude);
        InvalidInput invalid = InvalidInput.of(validator.validate(position), ""); // as the API's @Valid body
        if (invalid != null) {
            throw invalid;
        }
        Attendance.Arrival arrival = attendance.arrive(user, eventId, position);
        return new Arrival(arrival.bookingId(), arrival.eventId(), arrival.arrivedAt(), arrival.distanceM(),
                arrival.geofenceRadiusM());
    }

    @Override
    public void cancel(CurrentUser actor, UUID bookingId) {
        bookings.cancel(actor, bookingId);
    }

    @Override
    public BookingView acceptOffer(CurrentUser holder, UUID bookingId) {
        return bookings.accept(holder, bookingId);
    }

    @Override
    public BookingView declineOffer(CurrentUser holder, UUID bookingId) {
        return bookings.decline(holder, bookingId);
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
        return new EventStats(s.capacity(), s.confirmed(), s.waitlisted(), s.offered(), s.cancelled(), s.rsvpCount(), s.arrivalCount(),
                s.fillRate());
    }

    @Override
    public AttendeeExport attendeeExport(CurrentUser actor, UUID eventId, AttendeeExport.Format format) {
        return exporter.export(actor, eventId, format);
    }

    @Override
    public ParticipantPage participants(UUID eventId, boolean withWaitlisted, @Nullable UUID after, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
        }
        List<BookingStatus> statuses = withWaitlisted ? List.of(BookingStatus.CONFIRMED, BookingStatus.WAITLISTED)
                : List.of(BookingStatus.CONFIRMED);
        List<UUID> users = new ArrayList<>(limit);
        UUID[] last = {null};
        repository.participantsAfter(eventId, statuses, after, limit, (bookingId, userId) -> {
            users.add(userId);
            last[0] = bookingId;
        });
        return new ParticipantPage(List.copyOf(users), users.size() == limit ? last[0] : null);
    }

    @Override
    public List<UUID> confirmedParticipants(UUID eventId) {
        return repository.participants(eventId, List.of(BookingStatus.CONFIRMED));
    }

    @Override
    public List<UUID> activeParticipants(UUID eventId) {
        return repository.participants(eventId, List.of(BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITLISTED));
    }

    @Override
    public List<WaitingPlace> waitingList(UUID eventId) {
        return repository.waitingList(eventId);
    }

    @Override
    public boolean hasConfirmedSeat(UUID eventId, UUID userId) {
        return repository.findActive(eventId, userId).filter(b -> b.status() == BookingStatus.CONFIRMED).isPresent();
    }

    @Override
    public Map<UUID, Attendees> attendees(Collection<UUID> eventIds, @Nullable UUID onlyUser) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<UUID>> confirmed = new HashMap<>();
        Map<UUID, List<UUID>> arrived = new HashMap<>();
        repository.confirmedSeats(eventIds, onlyUser, (eventId, userId, hasArrived) -> {
            confirmed.computeIfAbsent(eventId, id -> new ArrayList<>()).add(userId);
            if (hasArrived) {
                arrived.computeIfAbsent(eventId, id -> new ArrayList<>()).add(userId);
            }
        });
        Map<UUID, Attendees> attendees = new HashMap<>();
        confirmed.forEach((eventId, users) -> attendees.put(eventId,
                new Attendees(List.copyOf(users), List.copyOf(arrived.getOrDefault(eventId, List.of())))));
        return attendees;
    }

    @Override
    public boolean isConfirmed(UUID bookingId) {
        return repository.find(bookingId).filter(b -> b.status() == BookingStatus.CONFIRMED).isPresent();
    }
}
