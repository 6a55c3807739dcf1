package io.eventflow.realtime;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Seats of one event as the {@code availability} message carries them; {@code seats_left} is null when unlimited. */
record Availability(UUID eventId, @Nullable Integer capacity, int seatsTaken, @Nullable Integer seatsLeft, long waitlisted) {
}
