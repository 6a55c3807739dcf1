package io.eventflow.platform.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;

/**
 * Buckets in Redis, updated with compare-and-swap, so that every node charges the same bucket and a
 * client cannot multiply its allowance by the number of nodes behind the load balancer.
 */
class RedisBucketStore implements BucketStore {

    private final ProxyManager<byte[]> buckets;
    private final String prefix;

    RedisBucketStore(RedisClient client, String prefix, Duration keepIdle) {
        this.prefix = prefix;
        this.buckets = Bucket4jLettuce.casBasedBuilder(client)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepIdle))
                .build();
    }

    @Override
    public ConsumptionProbe tryConsume(String key, Supplier<BucketConfiguration> configuration) {
        return buckets.builder()
                .build((prefix + key).getBytes(StandardCharsets.UTF_8), configuration)
                .tryConsumeAndReturnRemaining(1);
    }
}
