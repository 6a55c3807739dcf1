package io.eventflow.booking;

import java.time.Instant;
import java.util.UUID;

/** Domain events of the booking module, for notifications and real-time updates. */
public final class BookingEvents {

    private BookingEvents() {
    }

    public record BookingConfirmed(UUID bookingId, UUID eventId, UUID userId, Instant occurredAt) {
    }

    public record BookingWaitlisted(UUID bookingId, UUID eventId, UUID userId, int position, Instant occurredAt) {
    }

    /** A waitlisted booking got a seat that was freed or added. */
    public record BookingPromoted(UUID bookingId, UUID eventId, UUID userId, Instant occurredAt) {
    }

    /**
     * The holder is there: their ticket was checked in at the door by the organizer or an admin ({@code TICKET}), or
     * they recorded their own arrival within the event's geofence ({@code ARRIVAL}). Published in the check-in's
     * transaction; who did it is the signed-in user of that moment.
     */
    public record BookingCheckedIn(UUID bookingId, UUID eventId, UUID userId, CheckInMethod method, Instant occurredAt) {
    }

    public enum CheckInMethod {
        TICKET, ARRIVAL
    }

    /**
     * {@code byEventDeletion}: the event itself went away, deleted or cancelled, as opposed to someone cancelling this
     * booking; the event's own notice tells the participant. (The name predates cancellation by status; it is kept
     * because publications still waiting in the outbox carry it.)
     */
    public record BookingCancelled(UUID bookingId, UUID eventId, UUID userId, boolean hadSeat, boolean byEventDeletion,
            Instant occurredAt) {
    }
}
