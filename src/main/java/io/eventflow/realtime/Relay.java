package io.eventflow.realtime;

import java.util.List;

/**
 * Carries a serialised frame to the connections of a topic on every node: in process when EventFlow runs
 * alone, through Redis pub/sub when a cluster shares a Redis.
 */
interface Relay {

    void publish(String topic, String frame);

    /** Several frames of one topic, in order. */
    default void publishAll(String topic, List<String> frames) {
        frames.forEach(frame -> publish(topic, frame));
    }
}
