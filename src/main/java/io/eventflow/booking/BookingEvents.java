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
     * {@code byEventDeletion}: the event itself went away, deleted or cancelled, as opposed to someone cancelling this
     * booking; the event's own notice tells the participant. (The name predates cancellation by status; it is kept
     * because publications still waiting in the outbox carry it.)
     */
    public record BookingCancelled(UUID bookingId, UUID eventId, UUID userId, boolean hadSeat, boolean byEventDeletion,
            Instant occurredAt) {
    }
}
