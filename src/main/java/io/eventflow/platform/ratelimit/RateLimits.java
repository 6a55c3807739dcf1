package io.eventflow.platform.ratelimit;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.BucketConfiguration;

/**
 * Limits on work that is not an HTTP request — a chat message, joining a room — in the same store as the HTTP
 * groups ({@link RateLimitProperties}): Redis when configured, so a user who spreads the work over N nodes gets the
 * limit once, not N times. A module defines each of its limits once, with a name of its own and numbers from its
 * own settings, and charges one token per action and key ({@link NamedLimit#tryConsume}).
 * <p>
 * {@code eventflow.rate-limit.enabled} does not switch these off: it concerns the HTTP groups, while these are part
 * of a protocol's rules, with the protocol's own answer to a refused action.
 */
public class RateLimits {

    private final BucketStore store;
    /** One namespace for the buckets' names: the HTTP groups' and these. */
    private final Set<String> taken = ConcurrentHashMap.newKeySet();

    RateLimits(BucketStore store, RateLimitProperties properties) {
        this.store = store;
        this.taken.addAll(properties.groups().keySet());
    }

    /**
     * A limit of {@code burst} actions in a row, refilled gradually with {@code refill} tokens every {@code period}.
     *
     * @param name unique among these limits and the HTTP groups; buckets are kept under it
     * @throws IllegalArgumentException if the name is taken or a number is not positive
     */
    public NamedLimit define(String name, long burst, long refill, Duration period) {
        if (burst <= 0 || refill <= 0 || !period.isPositive()) {
            throw new IllegalArgumentException("Rate limit '" + name + "' needs a positive burst, refill and period");
        }
        if (!taken.add(name)) {
            throw new IllegalArgumentException("A rate limit or HTTP rate-limit group named '" + name + "' exists already");
        }
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(refill, period))
                .build();
        return new NamedLimit(name, store, configuration);
    }
}
