package io.eventflow.realtime;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.eventflow.platform.AfterCommit;

import tools.jackson.databind.json.JsonMapper;

@Component
class Fanout implements Broadcaster {

    private final Relay relay;
    private final JsonMapper json;

    Fanout(Relay relay, JsonMapper json) {
        this.relay = relay;
        this.json = json;
    }

    @Override
    public void toAll(String type, Object data) {
        publish(Topics.ALL_EVENTS, type, data);
    }

    @Override
    public void eachToAll(String type, List<?> items) {
        List<String> frames = items.stream().map(item -> encode(type, item)).toList();
        AfterCommit.run(() -> relay.publishAll(Topics.ALL_EVENTS, frames));
    }

    @Override
    public void toEvent(UUID eventId, String type, Object data) {
        publish(Topics.event(eventId), type, data);
    }

    @Override
    public void toUser(UUID userId, String type, Object data) {
        publish(Topics.user(userId), type, data);
    }

    void publish(String topic, String type, Object data) {
        String frame = encode(type, data);
        AfterCommit.run(() -> relay.publish(topic, frame));
    }

    /**
     * At once, even inside a transaction, and a failure to reach the relay is thrown: for a caller whose claim of
     * the message must roll back when it could not be sent (see {@link StartingSoonAnnouncer}).
     */
    void publishNow(String topic, String type, Object data) {
        relay.publish(topic, encode(type, data));
    }

    private String encode(String type, Object data) {
        return json.writeValueAsString(new Envelope(type, data)); // once, for every connection on every node
    }
}
