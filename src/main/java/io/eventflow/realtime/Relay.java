package io.eventflow.realtime;

/**
 * Carries a serialised frame to the connections of a topic on every node: in process when EventFlow runs
 * alone, through Redis pub/sub when a cluster shares a Redis.
 */
interface Relay {

    void publish(String topic, String frame);
}
