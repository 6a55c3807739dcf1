package io.eventflow.booking;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.identity.CurrentUser;

/**
 * Who takes part in an event — the one place the rule is written: its organizer and the holders of a confirmed
 * seat. They chat in its room and share photos of it; a waitlisted user does not take part (yet). Ask through
 * {@link Bookings#takesPart}, which looks the seat up; this class holds the rule over known facts.
 */
public final class ParticipantPolicy {

    private ParticipantPolicy() {
    }

    public static boolean takesPart(@Nullable CurrentUser user, UUID organizerId, boolean holdsConfirmedSeat) {
        return user != null && (organizerId.equals(user.id()) || holdsConfirmedSeat);
    }
}
