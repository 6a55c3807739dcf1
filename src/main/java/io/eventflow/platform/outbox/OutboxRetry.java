package io.eventflow.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.hibernate.validator.constraints.time.DurationMin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Runs again the domain-event listeners that failed — an exception, a deadlock, a lost connection — and those a
 * crashed node left unfinished (Spring Modulith's staleness monitor marks them failed after
 * {@code spring.modulith.events.staleness.*}). Without this a failed listener's work (a notification, an activity,
 * a clean-up) would be lost although its publication is in the outbox. Listeners are idempotent, so running one
 * again after a partial success is safe. Back-off doubles from {@code retryBase}; after {@code maxAttempts} the
 * publication is moved to {@code event_publication_given_up} for an operator (left in place, such rows would be
 * the oldest failed ones that Modulith reads first, batch after batch, and newer failures would never be retried).
 * Several nodes may run this at once: marking a publication resubmitted is conditional on its state, so one node
 * runs a given attempt (listeners are idempotent all the same).
 */
@Component
@ConditionalOnProperty(name = "eventflow.scheduling.enabled", matchIfMissing = true)
class OutboxRetry {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetry.class);
    private static final int MAX_READ = 20_000;

    private final FailedEventPublications failed;
    private final Clock clock;
    private final Settings settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    OutboxRetry(FailedEventPublications failed, Clock clock, Settings settings, JdbcClient jdbc, TransactionTemplate transactions) {
        this.failed = failed;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${eventflow.outbox.retry-every:30s}", initialDelayString = "${eventflow.outbox.retry-every:30s}")
    void resubmitFailed() {
        giveUp();
        // Modulith reads the oldest failed publications first, as many as the batch size, and filters after: with a
        // batch of the usual size, more older publications waiting out their back-off than fit in it would hide a
        // newer one that is due, run after run. So it reads all that have failed (up to a bound), and the filter
        // lets through the due ones, a batch at most.
        long failedNow = jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE status = 'FAILED'").query(Long.class).single();
        if (failedNow == 0) {
            return;
        }
        Instant now = clock.instant();
        AtomicInteger taken = new AtomicInteger();
        failed.resubmit(ResubmissionOptions.defaults()
                .withBatchSize((int) Math.min(failedNow, MAX_READ))
                .withFilter(p -> due(p, now) && taken.incrementAndGet() <= settings.batchSize()));
    }

    /** Moves publications that failed every attempt out of the registry, in one transaction. */
    void giveUp() {
        try {
            moveGivenUp();
        } catch (DataIntegrityViolationException raced) {
            // another node moved the same publications a moment ago
        }
    }

    private void moveGivenUp() {
        transactions.executeWithoutResult(tx -> {
            int moved = jdbc.sql("INSERT INTO event_publication_given_up (id, listener_id, event_type, serialized_event, "
                    + "publication_date, completion_attempts, given_up_at) SELECT id, listener_id, event_type, serialized_event, "
                    + "publication_date, completion_attempts, :now FROM event_publication WHERE status = 'FAILED' "
                    + "AND completion_attempts >= :max").param("now", java.sql.Timestamp.from(clock.instant()))
                    .param("max", settings.maxAttempts()).update();
            if (moved > 0) {
                jdbc.sql("DELETE FROM event_publication WHERE status = 'FAILED' AND completion_attempts >= :max "
                        + "AND id IN (SELECT id FROM event_publication_given_up)").param("max", settings.maxAttempts()).update();
                log.warn("Gave up on {} event publication(s) after {} attempts each; see event_publication_given_up", moved,
                        settings.maxAttempts());
            }
        });
    }

    boolean due(EventPublication publication, Instant now) {
        int attempts = Math.max(1, publication.getCompletionAttempts());
        if (attempts >= settings.maxAttempts()) {
            return false; // moved away by the next giveUp()
        }
        Instant last = publication.getLastResubmissionDate() != null ? publication.getLastResubmissionDate()
                : publication.getPublicationDate();
        return !last.plus(backoff(attempts)).isAfter(now);
    }

    private Duration backoff(int attempts) {
        Duration wait = settings.retryBase().multipliedBy(1L << Math.min(attempts - 1, 16));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    /**
     * @param retryEvery  how often failed publications are looked for
     * @param retryBase   the wait after the first failure, doubling after each further one
     * @param maxBackoff  the longest wait between two attempts
     * @param maxAttempts attempts before a publication is left failed
     * @param batchSize   publications resubmitted per run
     * @param listenerThreads how many domain-event listeners run at once on a node (see {@link ListenerExecution})
     */
    @ConfigurationProperties("eventflow.outbox")
    @Validated
    record Settings(@DurationMin(millis = 10, message = "must be at least 10 ms") @DefaultValue("30s") Duration retryEvery,
            @DurationMin(millis = 10, message = "must be at least 10 ms") @DefaultValue("30s") Duration retryBase,
            @DefaultValue("1h") Duration maxBackoff,
            @Min(value = 1, message = "must be at least 1") @DefaultValue("10") int maxAttempts,
            @Min(value = 1, message = "must be between 1 and " + MAX_READ)
            @Max(value = MAX_READ, message = "must be between 1 and " + MAX_READ) @DefaultValue("200") int batchSize,
            @Min(value = 1, message = "must be at least 1") @DefaultValue("4") int listenerThreads) {

        @AssertTrue(message = "eventflow.outbox.max-backoff must not be shorter than eventflow.outbox.retry-base")
        boolean isMaxBackoffAtLeastRetryBase() {
            return maxBackoff.compareTo(retryBase) >= 0;
        }
    }
}
