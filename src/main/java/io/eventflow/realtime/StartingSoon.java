package io.eventflow.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventSnapshot;

/** The {@code event_starting_soon} frame's data: an event everyone on {@code /ws/events} is told is about to start. */
record StartingSoon(UUID id, String title, Instant startTime, @Nullable String location, long minutesUntilStart) {

    static StartingSoon of(EventSnapshot event, Instant now) {
        return new StartingSoon(event.id(), event.title(), event.startTime(), event.location(),
                minutesUntil(event.startTime(), now));
    }

    /** Whole minutes, rounded up: an event 20 minutes and 30 seconds away starts "in 21 minutes", never "in 0". */
    static long minutesUntil(Instant start, Instant now) {
        Duration left = Duration.between(now, start);
        long minutes = left.toMinutes();
        return left.minusMinutes(minutes).isPositive() ? minutes + 1 : minutes;
    }
}
