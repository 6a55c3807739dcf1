package io.eventflow.platform.ratelimit;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Buckets in this JVM. Idle buckets expire once they would have refilled completely, so a flood of
 * distinct client addresses cannot grow memory without bound.
 */
class InMemoryBucketStore implements BucketStore {

    private final Cache<String, Bucket> buckets;

    InMemoryBucketStore(Duration idleExpiry, long maxBuckets) {
        this.buckets = Caffeine.newBuilder().expireAfterAccess(idleExpiry).maximumSize(maxBuckets).build();
    }

    @Override
    public ConsumptionProbe tryConsume(String key, Supplier<BucketConfiguration> configuration) {
        Bucket bucket = buckets.get(key, k -> {
            LocalBucketBuilder builder = Bucket.builder();
            for (Bandwidth limit : configuration.get().getBandwidths()) {
                builder.addLimit(limit);
            }
            return builder.build();
        });
        return bucket.tryConsumeAndReturnRemaining(1);
    }
}
