package io.eventflow.realtime;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ChatMessageRepository {

    private final NamedParameterJdbcTemplate jdbc;

    ChatMessageRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(ChatMessage message) {
        jdbc.update("INSERT INTO chat_messages (id, event_id, user_id, username, text, created_at) "
                + "VALUES (:id, :event, :user, :username, :text, :created)",
                Map.of("id", message.id(), "event", message.eventId(), "user", message.userId(), "username",
                        message.username(), "text", message.text(), "created", Timestamp.from(message.createdAt())));
    }

    /** The last {@code count} messages, oldest first. */
    List<ChatMessage> recent(UUID eventId, int count) {
        List<ChatMessage> newestFirst = new ArrayList<>(jdbc.query(
                "SELECT * FROM chat_messages WHERE event_id = :event ORDER BY id DESC LIMIT :count",
                Map.of("event", eventId, "count", count), (rs, n) -> message(rs)));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The messages after {@code after}, oldest first, if {@code after} is a message of this event and at most
     * {@code count} came after it; null otherwise (unknown, of another chat, or too far behind). One read: the anchor
     * itself and one message past the bound come along to tell those cases apart.
     */
    @Nullable List<ChatMessage> after(UUID eventId, UUID after, int count) {
        List<ChatMessage> found = jdbc.query(
                "SELECT * FROM chat_messages WHERE event_id = :event AND id >= :after ORDER BY id LIMIT :limit",
                Map.of("event", eventId, "after", after, "limit", count + 2), (rs, n) -> message(rs));
        if (found.isEmpty() || !found.getFirst().id().equals(after) || found.size() > count + 1) {
            return null;
        }
        return found.subList(1, found.size());
    }

    /** A page of history, newest first. */
    List<ChatMessage> page(UUID eventId, int limit, long offset) {
        return jdbc.query("SELECT * FROM chat_messages WHERE event_id = :event ORDER BY id DESC LIMIT :limit OFFSET :offset",
                Map.of("event", eventId, "limit", limit, "offset", offset), (rs, n) -> message(rs));
    }

    long count(UUID eventId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM chat_messages WHERE event_id = :event",
                Map.of("event", eventId), Long.class);
        return Objects.requireNonNull(count, "COUNT(*) is never null");
    }

    void deleteOfEvent(UUID eventId) {
        jdbc.update("DELETE FROM chat_messages WHERE event_id = :event", Map.of("event", eventId));
    }

    private static ChatMessage message(ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getString("username"), rs.getString("text"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
