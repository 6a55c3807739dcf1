package io.eventflow.realtime;

import java.util.UUID;

/** Seats of one event as the {@code availability} message carries them; {@code seats_left} is null when unlimited. */
record Availability(UUID eventId, Integer capacity, int seatsTaken, Integer seatsLeft, long waitlisted) {
}
