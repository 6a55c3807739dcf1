package io.eventflow.platform.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** One limit from {@link RateLimits#define}: a bucket per key, shared by every node when the store is Redis. */
public final class NamedLimit {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WARN_EVERY = Duration.ofMinutes(1).toNanos();

    private final String name;
    private final BucketStore store;
    private final BucketConfiguration configuration;
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY);
    private final AtomicLong admittedBlind = new AtomicLong();

    NamedLimit(String name, BucketStore store, BucketConfiguration configuration) {
        this.name = name;
        this.store = store;
        this.configuration = configuration;
    }

    public String name() {
        return name;
    }

    /**
     * Takes one token from {@code key}'s bucket (a user, say {@code "user:" + id}). If the store cannot be reached
     * the action is allowed, as an HTTP request is: a limiter outage must not become an outage of what it limits.
     */
    public Outcome tryConsume(String key) {
        ConsumptionProbe probe;
        try {
            probe = store.tryConsume("rl:" + name + ":" + key, () -> configuration);
        } catch (RuntimeException e) {
            warnAdmitting(e);
            return Outcome.ALLOWED;
        }
        return probe.isConsumed() ? Outcome.ALLOWED
                : new Outcome(false, Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
    }

    /** Once a minute at most, unlike the HTTP limiter's line per request: a chat sends far more often. */
    private void warnAdmitting(RuntimeException cause) {
        admittedBlind.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= WARN_EVERY && lastWarned.compareAndSet(last, now)) {
            log.warn("Rate limit store unavailable, admitting '{}' ({} admitted unchecked since the last warning): {}",
                    name, admittedBlind.getAndSet(0), cause.toString());
        }
    }

    /**
     * @param allowed    whether the action may go ahead (a token was taken)
     * @param retryAfter when refused, how long until a token is back; zero when allowed
     */
    public record Outcome(boolean allowed, Duration retryAfter) {
        static final Outcome ALLOWED = new Outcome(true, Duration.ZERO);
    }
}
