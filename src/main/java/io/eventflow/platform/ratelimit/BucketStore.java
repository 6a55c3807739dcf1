package io.eventflow.platform.ratelimit;

import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Where buckets live: this JVM (embedded default) or Redis (shared by every node). */
interface BucketStore {

    ConsumptionProbe tryConsume(String key, Supplier<BucketConfiguration> configuration);
}
