package io.eventflow.realtime;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventStatus;
import io.eventflow.catalog.EventUpdated;
import io.eventflow.identity.SessionsEnded;
import io.eventflow.platform.AfterCommit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may listen is checked when a connection opens and when it joins a chat; this ends what was allowed then and
 * no longer is, on every node (through the relay, like any frame):
 * <ul>
 * <li>a cancelled booking takes its holder out of the event's chat (4403), unless they may still be there; a
 * cancelled or deleted event takes out everyone who may no longer be there (one instruction per event);</li>
 * <li>a logout, a password change or reset, a role change or the account's deletion closes the user's connections
 * (4401): they were opened with what has just been revoked;</li>
 * <li>a connection opened with an access token closes when the token expires (4401; checked with the heartbeat).</li>
 * </ul>
 */
@Component
class AccessRevocations {

    private static final Logger log = LoggerFactory.getLogger(AccessRevocations.class);

    private final Relay relay;
    private final Connections connections;
    private final ChatRooms rooms;
    private final JsonMapper json;
    private final Clock clock;

    AccessRevocations(Relay relay, Connections connections, ChatRooms rooms, JsonMapper json, Clock clock) {
        this.relay = relay;
        this.connections = connections;
        this.rooms = rooms;
        this.json = json;
        this.clock = clock;
        connections.onControl(this::apply);
    }

    @EventListener
    void on(BookingCancelled cancelled) {
        if (cancelled.byEventDeletion()) {
            return; // one instruction for the whole event instead (below), not one per booking
        }
        publish(Map.of("kind", "chat", "event_id", cancelled.eventId(), "user_id", cancelled.userId()));
    }

    @EventListener
    void on(EventDeleted deleted) {
        publish(Map.of("kind", "event_chat", "event_id", deleted.event().id()));
    }

    @EventListener
    void on(EventUpdated updated) {
        if (updated.changes().containsKey("status") && updated.event().status() == EventStatus.CANCELLED) {
            publish(Map.of("kind", "event_chat", "event_id", updated.event().id()));
        }
    }

    @EventListener
    void on(SessionsEnded ended) {
        publish(Map.of("kind", "sessions", "user_id", ended.userId()));
    }

    private void publish(Map<String, Object> instruction) {
        String frame = json.writeValueAsString(instruction);
        AfterCommit.run(() -> relay.publish(Topics.CONTROL, frame));
    }

    /** On every node, for its own connections. */
    void apply(String frame) {
        try {
            JsonNode instruction = json.readTree(frame);
            switch (instruction.get("kind").asString()) {
                case "chat" -> leaveChat(connections.ofUser(uuid(instruction, "user_id")), uuid(instruction, "event_id"));
                case "event_chat" -> leaveChat(connections.all(), uuid(instruction, "event_id"));
                case "sessions" -> connections.ofUser(uuid(instruction, "user_id")).forEach(connection -> end(connection,
                        "You were signed out (logout, password or role change): connect again with a new token",
                        FrameHandler.UNAUTHORIZED));
                default -> log.debug("Unknown control instruction {}", frame);
            }
        } catch (RuntimeException e) {
            log.warn("Control instruction {} failed: {}", frame, e.toString());
        }
    }

    private static UUID uuid(JsonNode instruction, String field) {
        return UUID.fromString(instruction.get(field).asString());
    }

    /** Takes out of the event's chat those of the connections who may no longer be there. */
    private void leaveChat(java.util.Collection<Connection> candidates, UUID eventId) {
        for (Connection connection : List.copyOf(candidates)) {
            if (connection.user() != null && eventId.equals(connection.attributes().get(ChatHandler.EVENT))
                    && rooms.access(connection.user(), eventId) != ChatRooms.Access.ALLOWED) {
                String room = Topics.chat(eventId);
                if (connection.topics().contains(room)) {
                    connections.unsubscribe(connection, room);
                    rooms.announce(eventId, "user_left", connection.user());
                }
                end(connection, "Your booking or the event was cancelled: only the organizer and attendees with a "
                        + "confirmed booking may be in this chat", FrameHandler.FORBIDDEN);
            }
        }
    }

    /** Closes the token connections whose token has expired; run with the heartbeat. */
    void closeExpired() {
        Instant now = clock.instant();
        for (Connection connection : connections.all()) {
            if (connection.attributes().get(Handshake.EXPIRES) instanceof Instant expires && !expires.isAfter(now)) {
                end(connection, "Your access token expired: connect again with a fresh one", FrameHandler.UNAUTHORIZED);
            }
        }
    }

    private void end(Connection connection, String why, CloseStatus status) {
        connection.send(new EncodedText(json.writeValueAsString(new Envelope("error", Map.of("message", why)))));
        connection.finish(status);
    }
}
