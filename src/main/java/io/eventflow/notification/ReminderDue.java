package io.eventflow.notification;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Domain event: a participant is reminded that an event starts soon (once per participant and event). */
public record ReminderDue(UUID reminderId, UUID eventId, UUID userId, String title, Instant startTime, @Nullable String location,
        Instant occurredAt) {
}
