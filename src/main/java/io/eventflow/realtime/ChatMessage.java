package io.eventflow.realtime;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One chat message, as stored, pushed ({@code new_message}) and listed over REST:
 * {@code {id, event_id, user_id, username, text, created_at, timestamp}}.
 */
public record ChatMessage(UUID id, UUID eventId, UUID userId, String username, String text, Instant createdAt) {

    /**
     * When it was said, under the name the clients of the older chat read (seed 004's messages are
     * {@code {user_id, username, text, timestamp}}); {@code created_at} stays for EventFlow's own clients.
     */
    @JsonProperty("timestamp")
    public Instant timestamp() {
        return createdAt;
    }
}
