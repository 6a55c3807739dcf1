package io.eventflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The "processing" mark is skipped only where a running listener keeps at least the grace it had with it. */
class OutboxBookkeepingTest {

    private static boolean skips(String published, String processing) {
        MockEnvironment environment = new MockEnvironment();
        if (published != null) {
            environment.setProperty("spring.modulith.events.staleness.published", published);
        }
        if (processing != null) {
            environment.setProperty("spring.modulith.events.staleness.processing", processing);
        }
        OutboxBookkeeping bookkeeping = new OutboxBookkeeping(null, null, null);
        bookkeeping.setEnvironment(environment);
        return bookkeeping.skipsProcessingMark();
    }

    @Test
    void skipsTheProcessingMarkWhenPublishedPublicationsWaitAsLongAsProcessingOnes() {
        assertThat(skips("10m", "10m")).isTrue();
        assertThat(skips("15m", "10m")).isTrue();
        assertThat(skips("10m", null)).isTrue();
    }

    @Test
    void keepsTheMarkWhenARunningListenerWouldBeDeclaredStaleSooner() {
        assertThat(skips("1m", "10m")).isFalse();
    }

    @Test
    void keepsTheMarkWhenPublishedPublicationsAreNeverDeclaredStale() {
        assertThat(skips(null, "10m")).isFalse();
        assertThat(skips(null, null)).isFalse();
    }
}
