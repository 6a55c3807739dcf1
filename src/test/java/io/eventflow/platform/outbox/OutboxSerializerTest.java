package io.eventflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class OutboxSerializerTest {

    record Published(UUID id, String title, Instant at) {
    }

    private final OutboxSerializer serializer = new OutboxSerializer(JsonMapper.builder().findAndAddModules().build());

    @Test
    void anEventStoredForSeveralListenersIsWrittenOnce() {
        Published event = new Published(UUID.randomUUID(), "Jazz night", Instant.parse("2026-12-06T20:00:00Z"));
        Object first = serializer.serialize(event);
        assertThat(serializer.serialize(event)).isSameAs(first);
    }

    @Test
    void anotherEventIsWrittenAgainEvenWhenEqual() {
        Published event = new Published(UUID.randomUUID(), "Jazz night", Instant.parse("2026-12-06T20:00:00Z"));
        Object first = serializer.serialize(event);
        Published equal = new Published(event.id(), event.title(), event.at());
        Object second = serializer.serialize(equal);
        assertThat(second).isNotSameAs(first).isEqualTo(first);
        Published other = new Published(UUID.randomUUID(), "Rust workshop", event.at());
        assertThat(serializer.serialize(other).toString()).contains("Rust workshop");
    }

    @Test
    void whatIsWrittenReadsBackAsTheEvent() {
        Published event = new Published(UUID.randomUUID(), "Jazz night", Instant.parse("2026-12-06T20:00:00Z"));
        assertThat(serializer.deserialize(serializer.serialize(event), Published.class)).isEqualTo(event);
    }
}
