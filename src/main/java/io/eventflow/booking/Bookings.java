package io.eventflow.booking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventSnapshot;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * The booking module's public API, for the web UI: the same rules as the REST API.
 * Refusals are {@link io.eventflow.platform.domain.DomainException}s.
 */
public interface Bookings {

    BookingView book(CurrentUser user, UUID eventId);

    /** As {@code POST /api/v1/events/{id}/rsvp}: a booking like {@link #book}, marked as an RSVP (counted in stats). */
    BookingView rsvp(CurrentUser user, UUID eventId);

    /**
     * As {@code POST /api/v1/events/{id}/arrival}: records the user's arrival if they hold a confirmed seat, stand
     * within the event's geofence and come in its time window. A missing or out-of-range coordinate is
     * {@code InvalidInput} naming {@code latitude} or {@code longitude}.
     */
    Arrival arrive(CurrentUser user, UUID eventId, @Nullable Double latitude, @Nullable Double longitude);

    void cancel(CurrentUser actor, UUID bookingId);

    /**
     * As {@code POST /api/v1/bookings/{id}/accept}: the holder takes the seat offered to their booking (then
     * confirmed). {@code OfferNotOpen} (a conflict) when there is no open offer, e.g. expired or accepted already.
     */
    BookingView acceptOffer(CurrentUser holder, UUID bookingId);

    /** As {@code POST /api/v1/bookings/{id}/decline}: the holder gives the offered seat up to the next in line. */
    BookingView declineOffer(CurrentUser holder, UUID bookingId);

    /** The user's active (confirmed, offered or waitlisted) booking of the event, if any. */
    Optional<BookingView> activeBooking(CurrentUser user, UUID eventId);

    PageView<BookingView> mine(CurrentUser user, Paging paging);

    /**
     * As {@code GET /api/v1/users/{id}/bookings}: the user's bookings, in that route's order, for the user themself or an
     * admin ({@code NotAllowed} for anyone else).
     */
    PageView<BookingView> ofUser(CurrentUser actor, UUID userId, Paging paging);

    PageView<BookingView> ofEvent(CurrentUser actor, UUID eventId, Paging paging);

    /** The holder's ticket as a QR code PNG (confirmed bookings only). */
    byte[] ticketImage(CurrentUser holder, UUID bookingId);

    /** Checks a ticket in; returns the booking id. */
    UUID checkIn(CurrentUser organizer, UUID eventId, String code);

    EventStats stats(CurrentUser actor, UUID eventId);

    /**
     * The event's attendee list for its organizer or an admin ({@code NotAllowed} for anyone else, checked now):
     * name, e-mail address where its owner shares it with organizers, status, place on the waiting list, check-in time.
     * Written as it is read, in bounded memory, when {@link AttendeeExport#writeTo} runs.
     */
    AttendeeExport attendeeExport(CurrentUser actor, UUID eventId, AttendeeExport.Format format);

    /**
     * A page of the users holding a confirmed seat (and, {@code withWaitlisted}, those on the waiting list), in booking
     * order, for a message to many that must not load them all: start with {@code after} null, then pass the page's
     * {@link ParticipantPage#next} until it is null. At most {@code limit} (1 to 1000) users a page.
     */
    ParticipantPage participants(UUID eventId, boolean withWaitlisted, @Nullable UUID after, int limit);

    /** @param next where the following page starts (a booking id), null after the last page */
    record ParticipantPage(List<UUID> users, @Nullable UUID next) {
    }

    /** Users holding a confirmed seat at the event, for reminders and chat. */
    List<UUID> confirmedParticipants(UUID eventId);

    /** Users with an active booking (confirmed, offered or waitlisted), for news about the event. */
    List<UUID> activeParticipants(UUID eventId);

    /** The event's waiting list in order (the first is next in line), for live positions: one indexed read. */
    List<WaitingPlace> waitingList(UUID eventId);

    /** A booking on a waiting list and its holder. */
    record WaitingPlace(UUID bookingId, UUID userId) {
    }

    boolean hasConfirmedSeat(UUID eventId, UUID userId);

    /**
     * For each of the events, who holds a confirmed seat and who of them has arrived, in one query (for lists of
     * events). With {@code onlyUser}, that user alone is looked for. Events without any are left out. Who may see
     * whom is the caller's to decide ({@link io.eventflow.catalog.EventPolicy#mayManage}).
     */
    Map<UUID, Attendees> attendees(Collection<UUID> eventIds, @Nullable UUID onlyUser);

    /** Whether the user takes part in the event (see {@link ParticipantPolicy}): its organizer or a confirmed seat. */
    default boolean takesPart(@Nullable CurrentUser user, EventSnapshot event) {
        return ParticipantPolicy.takesPart(user, event.organizerId(),
                user != null && hasConfirmedSeat(event.id(), user.id()));
    }

    /** Whether this booking (not just some booking of its user) holds a seat now. */
    boolean isConfirmed(UUID bookingId);

    /** Users by id, in booking order. */
    record Attendees(List<UUID> confirmed, List<UUID> arrived) {
    }

    record Arrival(UUID bookingId, UUID eventId, Instant arrivedAt, long distanceM, int geofenceRadiusM) {
    }

    /** {@code offered}: bookings a seat is held for until they accept it; not counted in {@code waitlisted}. */
    record EventStats(@Nullable Integer capacity, long confirmed, long waitlisted, long offered, long cancelled, long rsvpCount,
            long arrivalCount, @Nullable Double fillRate) {
    }
}
