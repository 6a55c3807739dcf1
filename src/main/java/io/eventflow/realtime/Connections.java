package io.eventflow.realtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import io.eventflow.identity.CurrentUser;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** This node's open connections, by topic. Delivery builds each frame once for all its connections. */
@Component
class Connections implements DisposableBean {

    /** Tomcat's time limit for one blocking write; past it the write fails and the connection is dropped. */
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final RealtimeProperties properties;
    private final LastAvailability lastAvailability;
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger opened = new AtomicInteger();
    private final ExecutorService[] stripes = new ExecutorService[Runtime.getRuntime().availableProcessors()];
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byTopic = new ConcurrentHashMap<>();
    private volatile java.util.function.@Nullable Consumer<String> control;

    Connections(RealtimeProperties properties, MeterRegistry meters, LastAvailability lastAvailability) {
        this.lastAvailability = lastAvailability;
        this.properties = properties;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("websocket-fanout-" + i).daemon().factory());
        }
        Gauge.builder("eventflow.websocket.connections", byId, Map::size)
                .description("Open WebSocket connections on this node").register(meters);
    }

    Connection open(WebSocketSession session, @Nullable CurrentUser user) {
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession(jakarta.websocket.Session.class) instanceof jakarta.websocket.Session container) {
            container.getUserProperties().put(TOMCAT_SEND_TIMEOUT, properties.sendTimeout().toMillis());
        }
        Connection connection = new Connection(session, user, writers, properties.maxQueuedFrames(),
                (int) properties.maxFrameSize().toBytes(), Math.floorMod(opened.getAndIncrement(), stripes.length),
                TomcatFrames.of(session, properties.sendTimeout().toMillis()));
        byId.put(session.getId(), connection);
        return connection;
    }

    @Nullable Connection get(WebSocketSession session) {
        return byId.get(session.getId());
    }

    void subscribe(Connection connection, String topic) {
        connection.topics().add(topic);
        // the add inside compute(): an unsubscribe emptying the topic at the same moment cannot drop it with the set
        byTopic.compute(topic, (t, members) -> {
            Set<Connection> joined = members != null ? members : ConcurrentHashMap.newKeySet();
            joined.add(connection);
            return joined;
        });
        if (!byId.containsKey(connection.id())) {
            unsubscribe(connection, topic); // closed meanwhile (from another thread): do not keep a dead member
        }
    }

    void unsubscribe(Connection connection, String topic) {
        connection.topics().remove(topic);
        byTopic.computeIfPresent(topic, (t, members) -> {
            members.remove(connection);
            return members.isEmpty() ? null : members;
        });
    }

    /** Forgets a closed connection; returns it (or null if unknown) so handlers can tell its rooms. */
    @Nullable Connection closed(WebSocketSession session) {
        Connection connection = byId.remove(session.getId());
        if (connection != null) {
            connection.closing();
            Set.copyOf(connection.topics()).forEach(topic -> unsubscribe(connection, topic));
        }
        return connection;
    }

    /** True if a connection of this user on this node listens to the topic (other than the one given). */
    boolean userListens(String topic, java.util.UUID userId, Connection except) {
        Set<Connection> members = byTopic.get(topic);
        return members != null && members.stream().anyMatch(c -> c != except && c.user() != null && c.user().id().equals(userId));
    }

    /**
     * Hands the frame to every connection of the topic. Connections are split into stripes, one thread each
     * (as many as cores), so a large fan-out uses every core; a connection always falls in the same stripe
     * and each stripe runs its deliveries in order, so no connection sees two frames of a topic swapped.
     */
    void deliver(String topic, String frame) {
        if (Topics.CONTROL.equals(topic)) {
            java.util.function.Consumer<String> handler = control;
            if (handler != null) {
                writers.execute(() -> handler.accept(frame)); // off the relay's thread: handling may read the database
            }
            return;
        }
        lastAvailability.seen(topic, frame);
        Set<Connection> members = byTopic.get(topic);
        if (members == null) {
            return;
        }
        EncodedText message = new EncodedText(frame);
        for (int stripe = 0; stripe < stripes.length; stripe++) {
            int mine = stripe;
            stripes[stripe].execute(() -> {
                for (Connection connection : members) {
                    if (connection.stripe() == mine) {
                        connection.send(message);
                    }
                }
            });
        }
    }

    /**
     * Sends a frame to one connection in order with the deliveries to its topics: the frame is computed on the
     * connection's stripe, after every delivery handed to that stripe before this call (null sends nothing).
     */
    void sendInOrder(Connection connection, java.util.function.Supplier<String> frame) {
        stripes[connection.stripe()].execute(() -> {
            String text = frame.get();
            if (text != null) {
                connection.send(new EncodedText(text));
            }
        });
    }

    /** Who handles the relay's control messages on this node. */
    void onControl(java.util.function.Consumer<String> handler) {
        this.control = handler;
    }

    /** This node's open connections of a user. */
    java.util.List<Connection> ofUser(java.util.UUID userId) {
        return byId.values().stream().filter(c -> c.user() != null && c.user().id().equals(userId)).toList();
    }

    /** Every open connection (a scan: for the rare checks of all of them, not for delivery). */
    java.util.Collection<Connection> all() {
        return byId.values();
    }

    void pingAll() {
        PingMessage ping = new PingMessage();
        byId.values().forEach(connection -> connection.send(ping));
    }

    void closeAll(CloseStatus status) {
        byId.values().forEach(connection -> connection.close(status));
    }

    /** Whether every open connection writes encoded frames through Tomcat directly (see {@link TomcatFrames}). */
    boolean writeThroughTomcat() {
        return !byId.isEmpty() && byId.values().stream().allMatch(Connection::writesThroughTomcat);
    }

    int size() {
        return byId.size();
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
        for (ExecutorService stripe : stripes) {
            stripe.shutdownNow();
        }
    }
}
