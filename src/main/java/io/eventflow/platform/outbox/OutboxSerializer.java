package io.eventflow.platform.outbox;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the outbox's events as Spring Modulith's own Jackson serializer does (the application's {@link JsonMapper},
 * so rows written before read the same), without two costs that serializer has on the write path:
 * <ul>
 * <li>it looked the mapper up in the application context on every call (a dependency resolution per row);</li>
 * <li>it wrote the same event once per listener: an event is stored as one row per listener, three for a created
 * event, two for a batch of 1,000 (bench/catalog/run-writes.sh, JFR). The rows of one event are stored one after the
 * other on the publishing thread, so the last event it wrote is remembered there, by identity — events are records,
 * never changed once published — until it writes another.</li>
 * </ul>
 */
@Component
class OutboxSerializer implements EventSerializer {

    private record Written(Object event, String json) {
    }

    private final JsonMapper json;
    private final ThreadLocal<@Nullable Written> last = new ThreadLocal<>();

    OutboxSerializer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Object serialize(Object event) {
        Written written = last.get();
        if (written != null && written.event() == event) {
            return written.json();
        }
        String serialized = json.writeValueAsString(event);
        last.set(new Written(event, serialized));
        return serialized;
    }

    @Override
    public <T> T deserialize(Object serialized, Class<T> type) {
        return json.readerFor(type).readValue(serialized.toString());
    }
}
