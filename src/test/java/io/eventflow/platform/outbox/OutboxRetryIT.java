package io.eventflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A domain-event listener that fails is run again from the outbox until it succeeds, with back-off. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(OutboxRetryIT.FlakyListener.class)
class OutboxRetryIT {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    FlakyListener listener;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventPublicationRepository publications;
    @Autowired
    OutboxCompletions completions;

    @Test
    void aListenerThatFailsTwiceRunsAgainUntilItSucceeds() {
        UUID id = UUID.randomUUID();
        listener.failNext(id, 2);

        transactions.executeWithoutResult(tx -> events.publishEvent(new SomethingHappened(id)));

        await().atMost(Duration.ofSeconds(20)).until(() -> listener.succeeded(id));
        assertThat(listener.calls(id)).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE :id AND completion_date IS NULL")
                .param("id", "%" + id + "%").query(Long.class).single() == 0);
    }

    @Test
    void aListenerThatKeepsFailingIsGivenUpAndDoesNotHoldUpNewerRetries() {
        UUID hopeless = UUID.randomUUID();
        listener.failNext(hopeless, Integer.MAX_VALUE);
        transactions.executeWithoutResult(tx -> events.publishEvent(new SomethingHappened(hopeless)));

        // four attempts (test setting), then moved out of the registry for an operator
        await().atMost(Duration.ofSeconds(20)).until(() -> givenUp(hopeless) == 1);
        assertThat(listener.calls(hopeless)).isEqualTo(4);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE :id")
                .param("id", "%" + hopeless + "%").query(Long.class).single()).isZero();
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3)).until(() -> listener.calls(hopeless) == 4);

        // a later failure is still retried
        UUID flaky = UUID.randomUUID();
        listener.failNext(flaky, 1);
        transactions.executeWithoutResult(tx -> events.publishEvent(new SomethingHappened(flaky)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.succeeded(flaky));
    }

    @Test
    void aNewFailureIsRetriedBehindMoreOlderOnesThanABatchThatAreNotYetDue() {
        // Modulith reads the oldest failed publications, a batch at a time, before the back-off filter: 250 older
        // ones waiting out a long back-off used to fill every batch, and a newer failure was never read
        String blocker = "io.eventflow.platform.OutboxRetryIT.Waiting.on(test)";
        java.time.Instant old = java.time.Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 250; i++) {
            jdbc.sql("INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status, "
                    + "completion_attempts, last_resubmission_date) VALUES (:id, :listener, 'test', '{}', :published, 'FAILED', 3, :last)")
                    .param("id", UUID.randomUUID()).param("listener", blocker)
                    .param("published", java.sql.Timestamp.from(old.plusMillis(i)))
                    .param("last", java.sql.Timestamp.from(java.time.Instant.now().plus(Duration.ofDays(1))))
                    .update();
        }
        try {
            UUID flaky = UUID.randomUUID();
            listener.failNext(flaky, 1);
            transactions.executeWithoutResult(tx -> events.publishEvent(new SomethingHappened(flaky)));

            await().atMost(Duration.ofSeconds(15)).until(() -> listener.succeeded(flaky));
        } finally {
            jdbc.sql("DELETE FROM event_publication WHERE listener_id = :listener").param("listener", blocker).update();
        }
    }

    /** See {@link OutboxBookkeeping}: only the registry's marks skip the wait for the disk, never the work itself. */
    @Test
    void theOutboxMarksCommitWithoutWaitingForTheDiskWhileEverythingElseWaits() {
        String marking = transactions.execute(tx -> {
            publications.markFailed(UUID.randomUUID());
            return synchronousCommit();
        });
        String publishing = transactions.execute(tx -> {
            events.publishEvent(new SomethingHappened(UUID.randomUUID())); // writes the publication: a booking's commit
            return synchronousCommit();
        });
        assertThat(marking).isEqualTo("off");
        assertThat(publishing).isEqualTo("on");
        String afterwards = transactions.execute(tx -> synchronousCommit());
        assertThat(afterwards).as("SET LOCAL ends with its transaction").isEqualTo("on");
    }

    /** Completed marks wait a few milliseconds to be written together; a node that stops writes those waiting. */
    @Test
    void completedMarksStillWaitingWhenTheNodeStopsAreWritten() {
        AtomicInteger committed = new AtomicInteger();
        completions.add(countedOnCommit(committed));
        completions.add(countedOnCommit(committed));
        completions.stop();
        assertThat(committed.get()).isEqualTo(2);
    }

    @Test
    void aCompletedMarkThatFailsDoesNotUndoTheOthersOfItsBatch() {
        AtomicInteger committed = new AtomicInteger();
        completions.add(countedOnCommit(committed));
        completions.add(() -> {
            throw new IllegalStateException("this mark fails");
        });
        completions.add(countedOnCommit(committed));
        completions.stop();
        assertThat(committed.get()).isEqualTo(2);
    }

    /** The tests above stop the batch writer as a stopping node would; the shared context needs it running. */
    @AfterEach
    void restartCompletions() {
        if (!completions.isRunning()) {
            completions.start();
        }
    }

    /** A mark that counts itself once the transaction it was written in commits. */
    private static OutboxCompletions.Mark countedOnCommit(AtomicInteger committed) {
        return () -> TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.incrementAndGet();
            }
        });
    }

    private String synchronousCommit() {
        return jdbc.sql("SHOW synchronous_commit").query(String.class).single();
    }

    private long givenUp(UUID id) {
        return jdbc.sql("SELECT COUNT(*) FROM event_publication_given_up WHERE serialized_event LIKE :id")
                .param("id", "%" + id + "%").query(Long.class).single();
    }

    record SomethingHappened(UUID id) {
    }

    @TestConfiguration
    static class FlakyListener {

        // reached through methods: the listener is a proxy (it runs asynchronously), whose own fields are empty
        private final Map<UUID, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final Map<UUID, Boolean> done = new ConcurrentHashMap<>();

        public void failNext(UUID id, int times) {
            failures.put(id, new AtomicInteger(times));
        }

        public int calls(UUID id) {
            AtomicInteger count = calls.get(id);
            return count == null ? 0 : count.get();
        }

        public boolean succeeded(UUID id) {
            return done.containsKey(id);
        }

        @ApplicationModuleListener
        void on(SomethingHappened event) {
            calls.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
            AtomicInteger left = failures.get(event.id());
            if (left != null && left.getAndDecrement() > 0) {
                throw new IllegalStateException("flaky listener fails on purpose");
            }
            done.put(event.id(), true);
        }
    }
}
