package io.eventflow.media;

import java.time.Instant;
import java.util.UUID;

/** Domain events of the media module, for the activity feed. */
public final class PhotoEvents {

    private PhotoEvents() {
    }

    public record PhotoUploaded(UUID photoId, UUID eventId, UUID uploaderId, Instant occurredAt) {
    }

    /** {@code byEventDeletion}: the whole gallery went with its event. */
    public record PhotoDeleted(UUID photoId, UUID eventId, UUID uploaderId, boolean byEventDeletion, Instant occurredAt) {
    }
}
