package io.eventflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(2), new SplittableRandom(7));

    @Test
    void doublesEachAttemptWithinAJitterOfHalf() {
        for (int attempt = 1; attempt <= 8; attempt++) {
            long nominal = Math.min(30_000L << (attempt - 1), 7_200_000L);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.after(attempt).toMillis()).as("attempt %d", attempt)
                        .isBetween(nominal / 2, nominal);
            }
        }
    }

    @Test
    void neverWaitsLongerThanTheMaximum() {
        assertThat(backoff.after(40)).isLessThanOrEqualTo(Duration.ofHours(2));
        assertThat(backoff.after(1_000)).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void spreadsTheWaitsOfEndpointsFailingTogether() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.after(3).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }
}
