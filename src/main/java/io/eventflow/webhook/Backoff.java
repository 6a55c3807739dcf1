package io.eventflow.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait after a failed attempt: {@code base · 2^(attempt-1)}, capped at {@code max}, of which a random half is
 * taken off ("equal jitter"), so the endpoints' retries after a shared outage do not all arrive at once, yet each
 * wait is at least half the nominal one.
 */
final class Backoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** @param attempts the attempts made so far, at least 1 */
    Duration after(int attempts) {
        long nominal = base.toMillis();
        for (int i = 1; i < attempts && nominal < max.toMillis(); i++) {
            nominal *= 2;
        }
        nominal = Math.min(nominal, max.toMillis());
        long half = nominal / 2;
        return Duration.ofMillis(nominal - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
