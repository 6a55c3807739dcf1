package io.eventflow.realtime;

import java.util.UUID;

/** Names of the channels a connection can listen to; the same on every node, so they travel through the relay. */
final class Topics {

    static final String ALL_EVENTS = "events";
    /** Not for clients: instructions to every node about its connections (see {@link AccessRevocations}). */
    static final String CONTROL = "control";

    private Topics() {
    }

    static String event(UUID eventId) {
        return "event:" + eventId;
    }

    static String chat(UUID eventId) {
        return "chat:" + eventId;
    }

    static String user(UUID userId) {
        return "user:" + userId;
    }
}
