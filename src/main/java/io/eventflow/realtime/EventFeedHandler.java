package io.eventflow.realtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;

import tools.jackson.databind.JsonNode;

import tools.jackson.databind.json.JsonMapper;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.platform.domain.DomainException;

/**
 * {@code /ws/events}: every catalog change, and the events about to start ({@link StartingSoonAnnouncer}); or,
 * once the client sends {@code watch}, only the events it names, each as on {@code /ws/events/{id}} (a page of
 * event cards keeping their seats up to date over one connection).
 * {@code /ws/events/{id}}: that event's changes and its {@code availability}, starting with the current one, so a
 * client that (re)connects is up to date at once; {@code id} is the event's UUID or its number. Both also with a
 * trailing slash.
 */
@Component
class EventFeedHandler extends FrameHandler {

    private static final String PREFIX = "/ws/events/";
    /** Enough for any page of cards; each event watched costs a subscription and, at first, one indexed read. */
    static final int MAX_WATCHED = 50;
    /** Marks a connection of the whole feed, the only kind that may send {@code watch}. */
    private static final String WHOLE_FEED = "whole-feed";

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
            connection.attributes().put(WHOLE_FEED, true);
            connections.subscribe(connection, Topics.ALL_EVENTS);
            return;
        }
        UUID eventId = idOf(named);
        if (eventId == null || !follow(connection, eventId)) {
            refuse(connection, "No event with id '" + named + "'", NOT_FOUND);
        }
    }

    /**
     * {@code watch {event_ids: [...]}}: from now on this connection gets those events' frames instead of the whole
     * feed; each watched event's current availability comes at once (only for events not watched already), unknown
     * events are left out, and {@code watching} answers with the ids followed, after their availability frames. Sending
     * it again replaces the set.
     */
    @Override
    void received(Connection connection, String type, JsonNode data) {
        if (!connection.attributes().containsKey(WHOLE_FEED)) {
            super.received(connection, type, data);
            return;
        }
        if (!"watch".equals(type)) {
            error(connection, "Unknown message type '" + type + "': this channel accepts 'ping' and 'watch'");
            return;
        }
        JsonNode named = data.get("event_ids");
        if (named == null || !named.isArray()) {
            error(connection, "watch needs event_ids: {\"type\": \"watch\", \"data\": {\"event_ids\": [\"...\"]}}");
            return;
        }
        if (named.size() > MAX_WATCHED) {
            error(connection, "At most " + MAX_WATCHED + " events can be watched on one connection");
            return;
        }
        Set<UUID> wanted = new LinkedHashSet<>();
        for (JsonNode id : named) {
            UUID eventId = id.isString() ? uuidOrNull(id.asString()) : null;
            if (eventId == null) {
                error(connection, "Not an event id: " + id + " (event_ids are UUIDs)");
                return;
            }
            wanted.add(eventId);
        }
        connections.unsubscribe(connection, Topics.ALL_EVENTS);
        Set<String> topics = new HashSet<>();
        wanted.forEach(eventId -> topics.add(Topics.event(eventId)));
        for (String topic : Set.copyOf(connection.topics())) {
            if (!topics.contains(topic)) {
                connections.unsubscribe(connection, topic);
            }
        }
        List<UUID> watching = new ArrayList<>();
        for (UUID eventId : wanted) {
            if (connection.topics().contains(Topics.event(eventId)) || follow(connection, eventId)) {
                watching.add(eventId);
            }
        }
        // after the availability frames above (same delivery stripe): a client has them all when this comes
        String answer = json.writeValueAsString(new Envelope("watching", Map.of("event_ids", watching)));
        connections.sendInOrder(connection, () -> answer);
    }

    /**
     * Subscribes the connection to one event and sends it the event's current availability; false (and not
     * subscribed) if there is no such event.
     */
    private boolean follow(Connection connection, UUID eventId) {
        // Subscribed first, and the first frame goes out on the connection's delivery stripe, taken from the latest
        // push when it runs: a push arriving meanwhile is neither missed nor overtaken by an older first frame.
        String known = lastAvailability.frame(eventId);
        if (known != null) { // what this node last pushed for the event: no database read for a crowd that connects
            connections.subscribe(connection, Topics.event(eventId));
            connections.sendInOrder(connection, () -> latest(eventId, known));
            return true;
        }
        connections.subscribe(connection, Topics.event(eventId)); // before the read: no change falls in between
        long readStarted = System.nanoTime();
        var current = availability.current(eventId);
        if (current.isEmpty()) {
            connections.unsubscribe(connection, Topics.event(eventId));
            return false;
        }
        String frame = json.writeValueAsString(new Envelope("availability", current.get()));
        lastAvailability.offer(eventId, frame, readStarted);
        connections.sendInOrder(connection, () -> latest(eventId, frame));
        return true;
    }

    private static @Nullable UUID uuidOrNull(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
