package io.eventflow.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries. Every node runs it: a run claims due rows with {@code FOR UPDATE SKIP LOCKED} and leases them
 * (see {@link WebhookRepository#claimDue}), so nodes never send the same attempt twice and a node's death only delays
 * its rows until the lease ends. At most {@code concurrency} attempts run at once on a node, each on a pool thread, so a
 * slow endpoint holds up one slot for at most its timeouts, not the other endpoints' deliveries.
 * <p>
 * A failed attempt is tried again after an exponential back-off with jitter, up to {@code max-attempts}; an endpoint
 * whose attempts failed {@code disable-after} times in a row is disabled and {@link WebhookDisabled} published.
 */
@Component
class DeliveryWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final WebhookRepository repository;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Backoff backoff;
    private final Semaphore slots;
    private final ExecutorService pool;

    DeliveryWorker(WebhookRepository repository, WebhookSender sender, WebhookProperties properties,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.sender = sender;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.backoff = new Backoff(properties.retryBase(), properties.retryMax(), new SecureRandom());
        this.slots = new Semaphore(properties.concurrency());
        this.pool = Executors.newFixedThreadPool(properties.concurrency(), Thread.ofPlatform().name("webhook-", 1)
                .daemon(true).factory());
    }

    @Scheduled(fixedDelayString = "${eventflow.webhook.dispatch-every:PT1S}")
    void run() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            log.warn("Webhook dispatch failed, the next run retries: {}", e.toString());
        }
    }

    /** Hands as many due deliveries to the pool as it has free slots; returns how many. */
    int dispatchDue() {
        int free = slots.availablePermits();
        if (free == 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<UUID> claimed = transactions.execute(tx -> repository.claimDue(now, free, now.plus(properties.lease())));
        if (claimed == null) {
            return 0;
        }
        int handed = 0;
        for (UUID id : claimed) {
            if (!slots.tryAcquire()) {
                break; // the lease brings the rest back
            }
            try {
                pool.execute(() -> {
                    try {
                        attempt(id);
                    } catch (RuntimeException e) {
                        log.warn("Webhook delivery {} failed unexpectedly, retried after its lease: {}", id, e.toString());
                    } finally {
                        slots.release();
                    }
                });
                handed++;
            } catch (RejectedExecutionException e) {
                slots.release(); // shutting down: the lease brings it back on another node
            }
        }
        return handed;
    }

    /** One attempt at one delivery, and its outcome recorded. */
    void attempt(UUID deliveryId) {
        WebhookRepository.Delivery delivery = repository.findDelivery(deliveryId).orElse(null);
        if (delivery == null || !delivery.status().equals(WebhookRepository.PENDING)) {
            return; // its endpoint was deleted meanwhile, or another node finished it
        }
        WebhookRepository.Endpoint endpoint = repository.find(delivery.endpointId()).orElse(null);
        if (endpoint == null || !endpoint.enabled()) {
            return;
        }
        WebhookSender.Outcome outcome = sender.send(endpoint, delivery);
        transactions.executeWithoutResult(tx -> record(endpoint, delivery, outcome));
    }

    private void record(WebhookRepository.Endpoint endpoint, WebhookRepository.Delivery delivery,
            WebhookSender.Outcome outcome) {
        Instant now = clock.instant();
        int attempts = delivery.attempts() + 1;
        if (repository.lock(endpoint.id()).isEmpty()) {
            return; // deleted while we were sending
        }
        if (outcome.succeeded()) {
            if (repository.recordAttempt(delivery.id(), attempts, WebhookRepository.DELIVERED, null, now,
                    outcome.statusCode(), outcome.durationMs(), null, outcome.excerpt())) {
                repository.succeeded(endpoint.id());
            }
            return;
        }
        boolean last = attempts >= properties.maxAttempts();
        Instant next = last ? null : now.plus(backoff.after(attempts));
        if (!repository.recordAttempt(delivery.id(), attempts, last ? WebhookRepository.FAILED : WebhookRepository.PENDING,
                next, now, outcome.statusCode(), outcome.durationMs(), outcome.error(), outcome.excerpt())) {
            return; // someone recorded this attempt already
        }
        int failures = repository.failed(endpoint.id());
        if (failures >= properties.disableAfter()) {
            String reason = failures + " deliveries in a row failed; the last: " + outcome.describe();
            if (repository.disable(endpoint.id(), reason, now)) {
                log.info("Webhook {} disabled after {} failures in a row", endpoint.id(), failures);
                events.publishEvent(new WebhookDisabled(endpoint.id(), endpoint.ownerId(), endpoint.url(), failures,
                        outcome.describe(), now));
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
