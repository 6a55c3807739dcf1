package io.eventflow.media;

import java.time.Instant;
import java.util.UUID;

/** A photo as the API shows it; {@code url} and {@code thumbnail_url} serve the (metadata-free) files. */
public record PhotoView(UUID id, UUID eventId, String url, String thumbnailUrl, UUID uploaderId, String contentType,
        int width, int height, long size, Instant createdAt) {
}
