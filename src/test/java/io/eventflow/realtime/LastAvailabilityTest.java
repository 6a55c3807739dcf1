package io.eventflow.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The first availability frame of a new subscriber, served from what the node last pushed. */
class LastAvailabilityTest {

    private final LastAvailability last = new LastAvailability();
    private final UUID event = UUID.randomUUID();
    private final String topic = Topics.event(event);

    @Test
    void keepsTheLastPushedAvailabilityOfEachEvent() {
        last.seen(topic, "{\"type\":\"availability\",\"data\":{\"seats_left\":3}}");
        last.seen(topic, "{\"type\":\"availability\",\"data\":{\"seats_left\":2}}");
        last.seen(Topics.ALL_EVENTS, "{\"type\":\"availability\",\"data\":{\"seats_left\":9}}");

        assertThat(last.frame(event)).contains("\"seats_left\":2");
        assertThat(last.frame(UUID.randomUUID())).isNull();
    }

    @Test
    void forgetsItWhenTheEventChangesOrGoes() {
        last.seen(topic, "{\"type\":\"availability\",\"data\":{\"seats_left\":3}}");
        last.seen(topic, "{\"type\":\"event_updated\",\"data\":{\"changes\":{\"capacity\":{}}}}");
        assertThat(last.frame(event)).isNull();

        last.seen(topic, "{\"type\":\"availability\",\"data\":{\"seats_left\":5}}");
        last.seen(topic, "{\"type\":\"event_deleted\",\"data\":{}}");
        assertThat(last.frame(event)).isNull();
    }

    @Test
    void aDatabaseReadDoesNotReplaceANewerPushNorOutliveAChangeThatCameDuringIt() {
        long before = System.nanoTime();
        last.seen(topic, "{\"type\":\"event_updated\",\"data\":{}}"); // changed while the read ran
        last.offer(event, "{\"type\":\"availability\",\"data\":{\"seats_left\":1}}", before);
        assertThat(last.frame(event)).as("the read may predate the change").isNull();

        long after = System.nanoTime();
        last.offer(event, "{\"type\":\"availability\",\"data\":{\"seats_left\":4}}", after);
        assertThat(last.frame(event)).contains("\"seats_left\":4");

        last.seen(topic, "{\"type\":\"availability\",\"data\":{\"seats_left\":7}}");
        last.offer(event, "{\"type\":\"availability\",\"data\":{\"seats_left\":4}}", System.nanoTime());
        assertThat(last.frame(event)).as("a push wins over a read").contains("\"seats_left\":7");
    }
}
