package io.eventflow.realtime;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;

import tools.jackson.databind.json.JsonMapper;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.platform.domain.DomainException;

/**
 * {@code /ws/events}: every catalog change, and the events about to start ({@link StartingSoonAnnouncer}).
 * {@code /ws/events/{id}}: that event's changes and its {@code availability}, starting with the current one, so a
 * client that (re)connects is up to date at once; {@code id} is the event's UUID or its number. Both also with a
 * trailing slash.
 */
@Component
class EventFeedHandler extends FrameHandler {

    private static final String PREFIX = "/ws/events/";

    private final AvailabilityFeed availability;
    private final LastAvailability lastAvailability;

    private final EventCatalog catalog;

    EventFeedHandler(Connections connections, JsonMapper json, AvailabilityFeed availability,
            LastAvailability lastAvailability, EventCatalog catalog) {
        super(connections, json);
        this.availability = availability;
        this.lastAvailability = lastAvailability;
        this.catalog = catalog;
    }

    @Override
    void opened(Connection connection, WebSocketSession session) {
        String named = eventNamedIn(session.getUri() == null ? "" : session.getUri().getPath());
        if (named.isEmpty()) {
            connections.subscribe(connection, Topics.ALL_EVENTS);
            return;
        }
        UUID eventId = idOf(named);
        if (eventId == null) {
            refuse(connection, "No event with id '" + named + "'", NOT_FOUND);
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
            refuse(connection, "No event with id '" + named + "'", NOT_FOUND);
            return;
        }
        String frame = json.writeValueAsString(new Envelope("availability", current.get()));
        lastAvailability.offer(eventId, frame, readStarted);
        connections.sendInOrder(connection, () -> latest(eventId, frame));
    }

    /**
     * What the path names after {@code /ws/events/}, empty for the whole feed. One trailing slash is dropped:
     * clients of the system EventFlow replaces (Django Channels routes) connect to {@code /ws/events/{id}/} and
     * {@code /ws/events/}, and must get exactly what the paths without it get.
     */
    static String eventNamedIn(String path) {
        if (!path.startsWith(PREFIX)) {
            return "";
        }
        String named = path.substring(PREFIX.length());
        return named.endsWith("/") ? named.substring(0, named.length() - 1) : named;
    }

    /** The event's UUID, or its integer number as clients of the older APIs know it ({@code /ws/events/17/}). */
    private @Nullable UUID idOf(String text) {
        try {
            if (!text.isEmpty() && text.length() <= 18 && text.chars().allMatch(Character::isDigit)) {
                return catalog.idByNumber(Long.parseLong(text));
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException | DomainException e) {
            return null;
        }
    }

    private String latest(UUID eventId, String fallback) {
        String pushed = lastAvailability.frame(eventId);
        return pushed != null ? pushed : fallback;
    }
}
