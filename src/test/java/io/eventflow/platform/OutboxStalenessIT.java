package io.eventflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A listener that never finishes — its node died, or hangs — leaves its publication unfinished; after the staleness
 * period the publication is marked failed and run again elsewhere (here: on another listener thread). The periods
 * are seconds here, minutes in application.yml.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.modulith.events.staleness.published=1s",
        "spring.modulith.events.staleness.processing=1s",
        "spring.modulith.events.staleness.resubmitted=1s",
        "spring.modulith.events.staleness.check-interval=200ms" })
@Import(OutboxStalenessIT.HangingListener.class)
class OutboxStalenessIT {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    HangingListener listener;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void letTheHangingListenerGo() {
        listener.release();
    }

    @Test
    void aListenerThatNeverFinishesIsRunAgainAfterTheStalenessPeriod() {
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> events.publishEvent(new Stuck(id)));

        await().atMost(Duration.ofSeconds(20)).until(() -> listener.finished(id));
        assertThat(listener.calls(id)).isEqualTo(2); // the first still hangs
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE :id AND completion_date IS NULL")
                .param("id", "%" + id + "%").query(Long.class).single() == 0);
    }

    record Stuck(UUID id) {
    }

    @TestConfiguration
    static class HangingListener {

        // reached through methods: the listener is a proxy (it runs asynchronously), whose own fields are empty
        private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final Map<UUID, Boolean> finished = new ConcurrentHashMap<>();
        private final CountDownLatch released = new CountDownLatch(1);

        public int calls(UUID id) {
            AtomicInteger count = calls.get(id);
            return count == null ? 0 : count.get();
        }

        public boolean finished(UUID id) {
            return finished.containsKey(id);
        }

        public void release() {
            released.countDown();
        }

        /** The first run hangs as on a dead node, until the test ends; the second finishes. */
        @ApplicationModuleListener
        void on(Stuck event) throws InterruptedException {
            if (calls.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                released.await(30, TimeUnit.SECONDS);
                return;
            }
            finished.put(event.id(), true);
        }
    }
}
