package io.eventflow.platform.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;

/**
 * Buckets in Redis, updated with compare-and-swap, so that every node charges the same bucket and a
 * client cannot multiply its allowance by the number of nodes behind the load balancer.
 * <p>
 * Bucket4j drives the Lettuce client Spring Boot configured. That client is the connection factory's: stopped with
 * the factory and replaced when it starts again (a context stopped and restarted, as Spring's test context cache
 * does). The store follows it, rather than keep a shut-down client and fail with "Connection is closed".
 */
class RedisBucketStore implements BucketStore {

    private final Supplier<RedisClient> clients;
    private final String prefix;
    private final Duration keepIdle;
    private volatile @Nullable Current current;

    private record Current(RedisClient client, ProxyManager<byte[]> buckets) {
    }

    RedisBucketStore(Supplier<RedisClient> clients, String prefix, Duration keepIdle) {
        this.clients = clients;
        this.prefix = prefix;
        this.keepIdle = keepIdle;
    }

    @Override
    public ConsumptionProbe tryConsume(String key, Supplier<BucketConfiguration> configuration) {
        return buckets().builder()
                .build((prefix + key).getBytes(StandardCharsets.UTF_8), configuration)
                .tryConsumeAndReturnRemaining(1);
    }

    private ProxyManager<byte[]> buckets() {
        RedisClient client = clients.get();
        Current known = current;
        if (known != null && known.client() == client) {
            return known.buckets();
        }
        synchronized (this) {
            known = current;
            if (known == null || known.client() != client) {
                known = new Current(client, Bucket4jLettuce.casBasedBuilder(client)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepIdle))
                        .build());
                current = known;
            }
            return known.buckets();
        }
    }
}
