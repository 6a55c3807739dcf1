package io.eventflow.booking;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Domain events of the booking module, for notifications and real-time updates. */
public final class BookingEvents {

    private BookingEvents() {
    }

    public record BookingConfirmed(UUID bookingId, UUID eventId, UUID userId, Instant occurredAt) {
    }

    public record BookingWaitlisted(UUID bookingId, UUID eventId, UUID userId, int position, Instant occurredAt) {
    }

    /** A waitlisted booking got a seat that was freed or added, or its holder accepted the seat offered to them. */
    public record BookingPromoted(UUID bookingId, UUID eventId, UUID userId, Instant occurredAt) {
    }

    /**
     * A seat freed up at an event in offer mode and is held for this (until now waitlisted) booking until
     * {@code expiresAt}: its holder accepts it (then {@link BookingPromoted}) or declines it, or it expires
     * (then {@link BookingCancelled}); either of the last two offers the seat to the next in line.
     */
    public record BookingOffered(UUID bookingId, UUID eventId, UUID userId, Instant expiresAt, Instant occurredAt) {
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
     * because publications still waiting in the outbox carry it.) {@code offerExpiredAt}: set when the booking was
     * cancelled because the seat offered to it was not accepted by then; null for every other cancellation (and in
     * publications written before it existed).
     */
    public record BookingCancelled(UUID bookingId, UUID eventId, UUID userId, boolean hadSeat, boolean byEventDeletion,
            Instant occurredAt, @Nullable Instant offerExpiredAt) {

        public BookingCancelled(UUID bookingId, UUID eventId, UUID userId, boolean hadSeat, boolean byEventDeletion,
                Instant occurredAt) {
            this(bookingId, eventId, userId, hadSeat, byEventDeletion, occurredAt, null);
        }
    }
}
