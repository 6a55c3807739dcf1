package io.eventflow.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Named limits outside HTTP, on the in-memory store (the Redis store is covered by RealtimeClusterIT). */
class RateLimitsTest {

    private static RateLimitProperties withGroup(String name) {
        return new RateLimitProperties(true, Map.of(name, new RateLimitProperties.Group(List.of(), List.of(), null,
                List.of(new RateLimitProperties.Limit(1, Duration.ofMinutes(1))))));
    }

    private final RateLimits limits = new RateLimits(new InMemoryBucketStore(Duration.ofHours(1), 1000), withGroup("writes"));

    @Test
    void aBurstThenARefusalWithTheTimeUntilTheNextToken() {
        NamedLimit limit = limits.define("chat-messages", 2, 1, Duration.ofSeconds(10));

        assertThat(limit.tryConsume("user:1").allowed()).isTrue();
        assertThat(limit.tryConsume("user:1").allowed()).isTrue();
        NamedLimit.Outcome refused = limit.tryConsume("user:1");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(limit.tryConsume("user:2").allowed()).as("another key has a bucket of its own").isTrue();
    }

    @Test
    void limitsOfDifferentNamesDoNotShareBuckets() {
        NamedLimit messages = limits.define("chat-messages", 1, 1, Duration.ofMinutes(1));
        NamedLimit joins = limits.define("chat-joins", 1, 1, Duration.ofMinutes(1));

        assertThat(messages.tryConsume("user:1").allowed()).isTrue();
        assertThat(joins.tryConsume("user:1").allowed()).isTrue();
        assertThat(messages.tryConsume("user:1").allowed()).isFalse();
    }

    @Test
    void aNameIsTakenOnceAmongTheLimitsAndTheHttpGroups() {
        limits.define("chat-messages", 1, 1, Duration.ofMinutes(1));

        assertThatThrownBy(() -> limits.define("chat-messages", 1, 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.define("writes", 1, 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.define("empty", 0, 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreThatCannotBeReachedAdmits() {
        BucketStore down = (key, configuration) -> {
            throw new IllegalStateException("Redis is down");
        };
        NamedLimit limit = new RateLimits(down, withGroup("writes")).define("chat-messages", 1, 1, Duration.ofMinutes(1));

        assertThat(limit.tryConsume("user:1").allowed()).isTrue();
        assertThat(limit.tryConsume("user:1").allowed()).isTrue();
    }
}
