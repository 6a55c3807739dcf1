package io.eventflow.announcement;

import java.time.Instant;
import java.util.UUID;

/**
 * An organizer announced something to an event's participants; published in the storing transaction. The recipients
 * are resolved by whoever delivers it, from the bookings as they are then.
 */
public record AnnouncementPublished(UUID announcementId, UUID eventId, UUID authorId, String subject, String body,
        Audience audience, Instant occurredAt) {
}
