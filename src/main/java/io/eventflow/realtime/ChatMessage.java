package io.eventflow.realtime;

import java.time.Instant;
import java.util.UUID;

/** One chat message, as stored, pushed ({@code new_message}) and listed over REST. */
public record ChatMessage(UUID id, UUID eventId, UUID userId, String username, String text, Instant createdAt) {
}
