package io.eventflow.announcement;

import java.time.Instant;
import java.util.UUID;

/** An announcement as the API and the event's history show it. */
public record AnnouncementView(UUID id, UUID eventId, UUID authorId, String subject, String body, Audience audience,
        Instant createdAt) {
}
