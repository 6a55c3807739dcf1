package io.eventflow.realtime;

import java.io.IOException;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import io.eventflow.identity.CurrentUser;

/**
 * One client connection and its outgoing queue. {@code WebSocketSession.sendMessage} is not thread-safe and
 * blocks while the client reads slowly, so frames are queued and written by one drain task at a time, in
 * order, on a virtual thread: a fan-out to 10,000 connections never waits for the slowest of them.
 * Spring's {@code ConcurrentWebSocketSessionDecorator} would serialise sends too, but flushes on the
 * publishing thread and does not keep order between two publishing threads; the bounds are the same
 * (a frame limit here, Tomcat's blocking send timeout for the time limit).
 */
final class Connection {

    static final CloseStatus TOO_SLOW = new CloseStatus(1008, "Too many frames waiting: the client reads too slowly");

    private final WebSocketSession session;
    private final @Nullable CurrentUser user;
    private final Executor writer;
    private final java.util.concurrent.atomic.AtomicBoolean closingSlow = new java.util.concurrent.atomic.AtomicBoolean();
    private final int maxQueued;
    private final Queue<WebSocketMessage<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private volatile Set<String> lastTopics = Set.of();

    private final int maxFrameChars;
    /** The parts of an incoming frame so far; only the container's thread for this session touches it. */
    private @Nullable StringBuilder incoming;
    private boolean oversized;

    private final int stripe;
    /** Writes encoded frames through Tomcat directly; null: through the standard API. */
    private final @Nullable TomcatFrames tomcat;

    Connection(WebSocketSession session, @Nullable CurrentUser user, Executor writer, int maxQueued, int maxFrameChars,
            int stripe, @Nullable TomcatFrames tomcat) {
        this.session = session;
        this.tomcat = tomcat;
        this.stripe = stripe;
        this.user = user;
        this.writer = writer;
        this.maxQueued = maxQueued;
        this.maxFrameChars = maxFrameChars;
    }

    /** Which fan-out thread delivers to this connection, always the same one (see {@link Connections#deliver}). */
    int stripe() {
        return stripe;
    }

    boolean writesThroughTomcat() {
        return tomcat != null;
    }

    int maxFrameChars() {
        return maxFrameChars;
    }

    /**
     * Adds a part of an incoming frame; on the last part returns the whole frame, or null if it was larger
     * than allowed (its parts were dropped as they came).
     */
    @Nullable String assemble(String part, boolean last) {
        if (last && incoming == null && !oversized) {
            return part.length() <= maxFrameChars ? part : null; // the usual case: a frame in one part
        }
        if (!oversized) {
            if (incoming == null) {
                incoming = new StringBuilder();
            }
            if (incoming.length() + part.length() > maxFrameChars) {
                oversized = true;
                incoming = null;
            } else {
                incoming.append(part);
            }
        }
        if (!last) {
            return null;
        }
        // not oversized: the first part created the builder, and every part since was appended to it
        String whole = oversized ? null : Objects.requireNonNull(incoming, "parts so far").toString();
        incoming = null;
        oversized = false;
        return whole;
    }

    String id() {
        return session.getId();
    }

    /** The authenticated user, or null for an anonymous connection. */
    @Nullable CurrentUser user() {
        return user;
    }

    /**
     * The authenticated user of a connection that its endpoint kept after {@link FrameHandler#refuseAnonymous}
     * (an anonymous one is refused and never gets this far).
     */
    CurrentUser signedInUser() {
        return Objects.requireNonNull(user, "anonymous connections are refused when they open");
    }

    Set<String> topics() {
        return topics;
    }

    /** Per-connection state of the endpoint (the chat's event, say); lives as long as the connection. */
    java.util.Map<String, Object> attributes() {
        return session.getAttributes();
    }

    /** Whether the connection was subscribed to the topic when it closed (the registry empties it then). */
    boolean wasIn(String topic) {
        return lastTopics.contains(topic);
    }

    /** Remembers the topics at close, before the registry unsubscribes them. */
    void closing() {
        lastTopics = Set.copyOf(topics);
    }

    boolean isOpen() {
        return session.isOpen();
    }

    void send(WebSocketMessage<?> frame) {
        if (!session.isOpen()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            // on the writer's thread: closing waits for the close frame to go out (Tomcat gives it up to 50 ms), and
            // the caller is a fan-out thread that other connections' frames are waiting on
            if (closingSlow.compareAndSet(false, true)) {
                writer.execute(() -> close(TOO_SLOW));
            }
            return;
        }
        queue.add(frame);
        if (draining.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    private void drain() {
        do {
            WebSocketMessage<?> frame;
            while ((frame = queue.poll()) != null) {
                queued.decrementAndGet();
                if (frame instanceof Finish finish) {
                    queue.clear();
                    close(finish.getPayload());
                    return;
                }
                try {
                    if (frame instanceof EncodedText text) {
                        if (tomcat != null) {
                            tomcat.sendText(text.utf8());
                        } else {
                            session.sendMessage(new TextMessage(text.getPayload()));
                        }
                    } else {
                        session.sendMessage(frame);
                    }
                } catch (IOException | RuntimeException e) {
                    queue.clear(); // gone or stuck past the send timeout: the client reconnects and resyncs
                    close(CloseStatus.SESSION_NOT_RELIABLE);
                    return;
                }
            }
            draining.set(false);
            // a frame queued between the last poll and the reset must not wait for the next send
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    /** Closes once the frames queued so far (an error explaining why, say) have been written. */
    void finish(CloseStatus status) {
        send(new Finish(status));
    }

    /** Not a frame: the marker at which the drain closes the connection. */
    private record Finish(CloseStatus getPayload) implements WebSocketMessage<CloseStatus> {
        @Override
        public int getPayloadLength() {
            return 0;
        }

        @Override
        public boolean isLast() {
            return true;
        }
    }

    void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            // already closing; nothing else to do
        }
    }
}
