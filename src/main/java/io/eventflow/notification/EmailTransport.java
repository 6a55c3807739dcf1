package io.eventflow.notification;

/**
 * How a due e-mail gets to the code that sends it: at once on the node that found it (embedded mode), or as a
 * job through RabbitMQ to whichever node's consumer is free (when RabbitMQ is configured).
 */
interface EmailTransport {

    /** The mail was claimed (its lease taken) with {@code attempts} attempts so far. */
    void dispatch(Notification claimed);
}
