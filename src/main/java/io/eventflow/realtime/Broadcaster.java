package io.eventflow.realtime;

import java.util.List;
import java.util.UUID;

/**
 * Pushes a message to the WebSocket clients of every node. Called inside a transaction, the message leaves
 * only after that transaction commits (and never if it rolls back); outside one, at once. Delivery is
 * at most once: a client that was disconnected resynchronises over REST.
 */
public interface Broadcaster {

    /** To everyone on {@code /ws/events}. */
    void toAll(String type, Object data);

    /**
     * Each of {@code items} as a message of its own to everyone on {@code /ws/events}, in order, as {@link #toAll}
     * would send them one by one; relayed to the other nodes together rather than one round trip each.
     */
    void eachToAll(String type, List<?> items);

    /** To everyone watching one event on {@code /ws/events/{id}}. */
    void toEvent(UUID eventId, String type, Object data);

    /** To one user's {@code /ws/notifications} connections, on whichever nodes they are. */
    void toUser(UUID userId, String type, Object data);
}
