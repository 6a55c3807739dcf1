package io.eventflow.platform.ratelimit;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.eventflow.platform.redis.ConditionalOnRedis;
import io.eventflow.platform.redis.RedisKeys;
import io.eventflow.platform.web.ProblemResponses;
import io.lettuce.core.RedisClient;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    /** Longest period any default limit uses; a bucket idle that long is full again and can be forgotten. */
    private static final Duration KEEP_IDLE = Duration.ofDays(1);

    @Bean
    RateLimiter rateLimiter(RateLimitProperties properties, BucketStore store, ProblemResponses problems) {
        return new RateLimiter(properties, store, problems);
    }

    @Bean
    RateLimits rateLimits(BucketStore store, RateLimitProperties properties) {
        return new RateLimits(store, properties);
    }

    @Bean
    @ConditionalOnRedis(false)
    BucketStore inMemoryBucketStore() {
        return new InMemoryBucketStore(KEEP_IDLE, 100_000);
    }

    @Bean
    @ConditionalOnRedis
    BucketStore redisBucketStore(RedisConnectionFactory connections, RedisKeys keys) {
        // Bucket4j drives Lettuce itself; reuse the client Spring Boot configured from spring.data.redis.*
        LettuceConnectionFactory lettuce = (LettuceConnectionFactory) connections;
        return new RedisBucketStore(() -> (RedisClient) lettuce.getRequiredNativeClient(), keys.keyPrefix(), KEEP_IDLE);
    }
}
