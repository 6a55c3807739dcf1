package io.eventflow.realtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/chat/{event_id}}: {@code join_chat} (optionally {@code {after: id}}) → {@code recent_messages} and
 * {@code user_joined} to the room;
 * {@code send_message {text}} → {@code new_message} to the room; {@code leave_chat} or closing →
 * {@code user_left}. Mistakes get an error frame and the connection stays open; only a caller who may not be
 * in the room at all is closed out (4401, 4403, 4404).
 */
@Component
class ChatHandler extends FrameHandler {

    private static final String PREFIX = "/ws/chat/";
    /** The chat's event, on a connection allowed into it. */
    static final String EVENT = "eventflow.chat-event";

    private final ChatRooms rooms;

    ChatHandler(Connections connections, JsonMapper json, ChatRooms rooms) {
        super(connections, json);
        this.rooms = rooms;
    }

    @Override
    void opened(Connection connection, WebSocketSession session) {
        if (refuseAnonymous(connection, session)) {
            return;
        }
        UUID eventId = idAfter(session, PREFIX);
        ChatRooms.Access access = eventId == null ? ChatRooms.Access.NO_SUCH_EVENT
                : rooms.access(connection.signedInUser(), eventId);
        switch (access) {
            case NO_SUCH_EVENT -> {
                String path = Objects.requireNonNull(session.getUri(), "an open session's URI").getPath();
                refuse(connection, "No event with id '" + path.substring(PREFIX.length()) + "'", NOT_FOUND);
            }
            case FORBIDDEN -> refuse(connection, "Only the organizer and attendees with a confirmed booking may join this chat", FORBIDDEN);
            case ALLOWED -> connection.attributes().put(EVENT, eventId);
        }
    }

    @Override
    void received(Connection connection, String type, JsonNode data) {
        UUID eventId = (UUID) connection.attributes().get(EVENT);
        if (eventId == null) {
            return; // refused and closing
        }
        String room = Topics.chat(eventId);
        boolean joined = connection.topics().contains(room);
        switch (type) {
            case "join_chat" -> join(connection, eventId, joined, data.get("after"));
            case "send_message" -> {
                if (!joined) {
                    error(connection, "Join the chat first: {\"type\": \"join_chat\"}");
                    return;
                }
                JsonNode text = data.get("text");
                String problem = rooms.problemWith(text != null && text.isString() ? text.asString() : null);
                if (problem != null) {
                    error(connection, problem);
                } else if (rooms.access(connection.signedInUser(), eventId) != ChatRooms.Access.ALLOWED) {
                    // the seat was given up (or the event went away) since joining
                    connections.unsubscribe(connection, room);
                    refuse(connection, "Only the organizer and attendees with a confirmed booking may write in this chat", FORBIDDEN);
                } else if (!rooms.mayPost(connection.signedInUser())) {
                    error(connection, "You are sending messages too fast; wait a few seconds");
                } else {
                    try {
                        rooms.post(connection.signedInUser(), eventId, text.asString());
                    } catch (org.springframework.dao.DataAccessException e) {
                        error(connection, "The message could not be stored; try again"); // the connection stays
                    }
                }
            }
            case "leave_chat" -> {
                if (joined) {
                    connections.unsubscribe(connection, room);
                    announceLeaving(connection, eventId);
                }
            }
            default -> error(connection, "Unknown message type '" + type + "': this channel accepts join_chat, send_message, leave_chat, ping");
        }
    }

    /**
     * @param after the id of the last message the client shows, when it rejoins after a drop: then only what came
     *              after it is sent, marked with {@code after}, so the client appends instead of starting over. An
     *              {@code after} that names no message of this chat (or is not an id), or one more than the history
     *              limit behind, gets the plain recent history, without the mark.
     */
    private void join(Connection connection, UUID eventId, boolean alreadyJoined, @Nullable JsonNode after) {
        if (!alreadyJoined && !rooms.mayJoin(connection.signedInUser())) {
            error(connection, "You are joining too often; wait a few seconds");
            return;
        }
        if (rooms.access(connection.signedInUser(), eventId) != ChatRooms.Access.ALLOWED) {
            // the booking was cancelled since the connection opened
            refuse(connection, "Only the organizer and attendees with a confirmed booking may join this chat", FORBIDDEN);
            return;
        }
        String room = Topics.chat(eventId);
        if (!alreadyJoined) {
            // listening first, then the history, read after it and queued behind the room's deliveries: a message
            // posted in between is in the history or arrives live (or both: clients keep one per id), never in neither
            boolean elsewhere = connections.userListens(room, connection.signedInUser().id(), connection);
            connections.subscribe(connection, room);
            if (!elsewhere) { // the room hears of a user, not of each of their tabs
                rooms.announce(eventId, "user_joined", connection.signedInUser());
            }
        }
        UUID shown = idIn(after);
        List<ChatMessage> missed = shown == null ? null : rooms.after(eventId, shown);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", eventId);
        data.put("messages", missed != null ? missed : rooms.recent(eventId));
        if (missed != null) {
            data.put("after", shown);
        }
        String history = json.writeValueAsString(new Envelope("recent_messages", data));
        connections.sendInOrder(connection, () -> history);
    }

    private static @Nullable UUID idIn(@Nullable JsonNode value) {
        if (value == null || !value.isString()) {
            return null;
        }
        try {
            return UUID.fromString(value.asString());
        } catch (IllegalArgumentException e) {
            return null; // not an id: as if none was given
        }
    }

    @Override
    void left(Connection connection) {
        UUID eventId = (UUID) connection.attributes().get(EVENT);
        if (eventId != null && connection.wasIn(Topics.chat(eventId))) {
            announceLeaving(connection, eventId);
        }
    }

    /** The room hears that a user left when their last connection in it (on this node) goes. */
    private void announceLeaving(Connection connection, UUID eventId) {
        if (!connections.userListens(Topics.chat(eventId), connection.signedInUser().id(), connection)) {
            rooms.announce(eventId, "user_left", connection.signedInUser());
        }
    }
}
