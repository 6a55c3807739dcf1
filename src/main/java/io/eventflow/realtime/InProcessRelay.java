package io.eventflow.realtime;

/** One node: the frame goes straight to this node's connections. */
final class InProcessRelay implements Relay {

    private final Connections connections;

    InProcessRelay(Connections connections) {
        this.connections = connections;
    }

    @Override
    public void publish(String topic, String frame) {
        connections.deliver(topic, frame);
    }
}
