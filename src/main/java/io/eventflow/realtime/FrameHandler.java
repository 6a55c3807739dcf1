package io.eventflow.realtime;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import io.eventflow.identity.CurrentUser;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What all endpoints share: JSON envelopes in and out, {@code ping} → {@code pong}, error frames for
 * recoverable mistakes (the connection stays open), close codes in the 4000 range for refusals a client
 * must act on.
 */
abstract class FrameHandler extends TextWebSocketHandler {

    static final CloseStatus UNAUTHORIZED = new CloseStatus(4401, "Authentication required");
    static final CloseStatus FORBIDDEN = new CloseStatus(4403, "Not allowed");
    static final CloseStatus NOT_FOUND = new CloseStatus(4404, "Unknown event");

    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    protected final Connections connections;
    protected final JsonMapper json;

    FrameHandler(Connections connections, JsonMapper json) {
        this.connections = connections;
        this.json = json;
    }

    @Override
    public final void afterConnectionEstablished(WebSocketSession session) {
        Connection connection = connections.open(session, (CurrentUser) session.getAttributes().get(Handshake.USER));
        opened(connection, session);
    }

    /** Subscribe the new connection, or refuse it. */
    abstract void opened(Connection connection, WebSocketSession session);

    /** A client message other than {@code ping}; by default this endpoint accepts none. */
    void received(Connection connection, String type, JsonNode data) {
        error(connection, "Unknown message type '" + type + "': this channel only accepts 'ping'");
    }

    /** The connection is gone (closed by either side). */
    void left(Connection connection) {
    }

    /**
     * Frames arrive in parts of the container's small buffer (4 K characters) and are put together here up to
     * {@code max-frame-size}: an idle connection holds no large buffer, and an oversized frame is answered
     * with an error instead of closing the connection.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected final void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = connections.get(session);
        if (connection == null) {
            return;
        }
        String text = connection.assemble(message.getPayload(), message.isLast());
        if (!message.isLast()) {
            return;
        }
        if (text == null) {
            error(connection, "A frame is at most " + connection.maxFrameChars() + " characters");
            return;
        }
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (JacksonException e) {
            error(connection, "Malformed JSON: a frame is {\"type\": \"...\", \"data\": {...}}");
            return;
        }
        JsonNode type = frame.get("type");
        if (!frame.isObject() || type == null || !type.isString()) {
            error(connection, "A frame is a JSON object with a string 'type': {\"type\": \"...\", \"data\": {...}}");
            return;
        }
        if ("ping".equals(type.asString())) {
            send(connection, "pong", Map.of());
            return;
        }
        JsonNode data = frame.get("data");
        received(connection, type.asString(), data == null || data.isNull() ? json.createObjectNode() : data);
    }

    @Override
    public final void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = connections.closed(session);
        if (connection != null) {
            left(connection);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("WebSocket transport error on {}: {}", session.getId(), exception.toString());
    }

    void send(Connection connection, String type, Object data) {
        connection.send(new EncodedText(json.writeValueAsString(new Envelope(type, data))));
    }

    void error(Connection connection, String message) {
        send(connection, "error", Map.of("message", message));
    }

    /** Explains, then closes: the client sees the error frame and the close code. */
    void refuse(Connection connection, String message, CloseStatus status) {
        error(connection, message);
        connection.finish(status);
    }

    /** Refuses a connection that needs a user and has none; true if it was refused. */
    boolean refuseAnonymous(Connection connection, WebSocketSession session) {
        if (connection.user() != null) {
            return false;
        }
        Object reason = session.getAttributes().get(Handshake.AUTH_ERROR);
        refuse(connection, reason != null ? reason.toString()
                : "Authentication required: connect with ?token=<access_token>", UNAUTHORIZED);
        return true;
    }

    /** The id after the endpoint's prefix, e.g. {@code /ws/chat/{id}}; null if it is not a UUID. */
    static @Nullable UUID idAfter(WebSocketSession session, String prefix) {
        String path = session.getUri() == null ? "" : session.getUri().getPath();
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        try {
            return UUID.fromString(path.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
