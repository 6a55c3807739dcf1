package io.eventflow.realtime;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/events}: every catalog change. {@code /ws/events/{id}}: that event's changes and its
 * {@code availability}, starting with the current one, so a client that (re)connects is up to date at once.
 */
@Component
class EventFeedHandler extends FrameHandler {

    private static final String PREFIX = "/ws/events/";

    private final AvailabilityFeed availability;
    private final LastAvailability lastAvailability;

    EventFeedHandler(Connections connections, JsonMapper json, AvailabilityFeed availability, LastAvailability lastAvailability) {
        super(connections, json);
        this.availability = availability;
        this.lastAvailability = lastAvailability;
    }

    @Override
    void opened(Connection connection, WebSocketSession session) {
        String path = session.getUri() == null ? "" : session.getUri().getPath();
        if (!path.startsWith(PREFIX)) {
            connections.subscribe(connection, Topics.ALL_EVENTS);
            return;
        }
        UUID eventId = idAfter(session, PREFIX);
        if (eventId == null) {
            refuse(connection, "No event with id '" + path.substring(PREFIX.length()) + "'", NOT_FOUND);
            return;
        }
        // Subscribed first, and the first frame goes out on the connection's delivery stripe, taken from the latest
        // push when it runs: a push arriving meanwhile is neither missed nor overtaken by an older first frame.
        String known = lastAvailability.frame(eventId);
        if (known != null) { // what this node last pushed for the event: no database read for a crowd that connects
            connections.subscribe(connection, Topics.event(eventId));
            connections.sendInOrder(connection, () -> latest(eventId, known));
            return;
        }
        connections.subscribe(connection, Topics.event(eventId)); // before the read: no change falls in between
        long readStarted = System.nanoTime();
        var current = availability.current(eventId);
        if (current.isEmpty()) {
            refuse(connection, "No event with id '" + path.substring(PREFIX.length()) + "'", NOT_FOUND);
            return;
        }
        String frame = json.writeValueAsString(new Envelope("availability", current.get()));
        lastAvailability.offer(eventId, frame, readStarted);
        connections.sendInOrder(connection, () -> latest(eventId, frame));
    }

    private String latest(UUID eventId, String fallback) {
        String pushed = lastAvailability.frame(eventId);
        return pushed != null ? pushed : fallback;
    }
}
