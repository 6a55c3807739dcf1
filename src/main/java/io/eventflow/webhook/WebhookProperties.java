package io.eventflow.webhook;

import java.time.Duration;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * @param allowPrivateAddresses true lets endpoints resolve to loopback, link-local, private, CGNAT and other
 *                              non-public addresses (a test, an integrator on the same private network); off, such a
 *                              URL is refused at registration and at every delivery
 * @param allowedHosts          host names or CIDR blocks ({@code hooks.internal}, {@code 10.1.2.0/24}) allowed even
 *                              though they are not public
 * @param connectTimeout        how long a delivery waits for the connection
 * @param readTimeout           how long a delivery waits for the answer once connected
 * @param maxAttempts           attempts per delivery before it is {@code failed}
 * @param retryBase             wait before the second attempt; it doubles with each further one (with jitter)
 * @param retryMax              the longest wait between two attempts
 * @param disableAfter          failed attempts in a row, over all deliveries, after which an endpoint is disabled and
 *                              its owner told
 * @param rotationGrace         how long the secret before a rotation still signs deliveries, next to the new one
 * @param dispatchEvery         how often the worker looks for due deliveries
 * @param concurrency           deliveries a node sends at once
 * @param maxPerOwner           endpoints one user may register
 */
@ConfigurationProperties("eventflow.webhook")
@Validated
record WebhookProperties(
        Boolean allowPrivateAddresses,
        List<String> allowedHosts,
        @DurationMin(millis = 100, message = "must be at least 100 ms") @DurationMax(minutes = 1, message = "must be at most 1 minute")
        Duration connectTimeout,
        @DurationMin(millis = 100, message = "must be at least 100 ms") @DurationMax(minutes = 5, message = "must be at most 5 minutes")
        Duration readTimeout,
        @Min(value = 1, message = "must be between 1 and 50") @Max(value = 50, message = "must be between 1 and 50")
        Integer maxAttempts,
        @DurationMin(millis = 10, message = "must be at least 10 ms") Duration retryBase,
        @DurationMin(millis = 10, message = "must be at least 10 ms") Duration retryMax,
        @Min(value = 1, message = "must be between 1 and 10000") @Max(value = 10000, message = "must be between 1 and 10000")
        Integer disableAfter,
        @DurationMin(seconds = 0, message = "must not be negative") @DurationMax(days = 30, message = "must be at most 30 days")
        Duration rotationGrace,
        @DurationMin(millis = 10, message = "must be at least 10 ms") Duration dispatchEvery,
        @Min(value = 1, message = "must be between 1 and 64") @Max(value = 64, message = "must be between 1 and 64")
        Integer concurrency,
        @Min(value = 1, message = "must be between 1 and 1000") @Max(value = 1000, message = "must be between 1 and 1000")
        Integer maxPerOwner) {

    WebhookProperties {
        allowPrivateAddresses = allowPrivateAddresses != null && allowPrivateAddresses;
        allowedHosts = allowedHosts != null ? List.copyOf(allowedHosts) : List.of();
        connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(5);
        readTimeout = readTimeout != null ? readTimeout : Duration.ofSeconds(10);
        maxAttempts = maxAttempts != null ? maxAttempts : 8;
        retryBase = retryBase != null ? retryBase : Duration.ofSeconds(30);
        retryMax = retryMax != null ? retryMax : Duration.ofHours(2);
        disableAfter = disableAfter != null ? disableAfter : 20;
        rotationGrace = rotationGrace != null ? rotationGrace : Duration.ofHours(24);
        dispatchEvery = dispatchEvery != null ? dispatchEvery : Duration.ofSeconds(1);
        concurrency = concurrency != null ? concurrency : 4;
        maxPerOwner = maxPerOwner != null ? maxPerOwner : 20;
    }

    /** How long a claimed delivery is left to the node that took it before another may: one attempt and then some. */
    Duration lease() {
        return connectTimeout.plus(readTimeout).plusSeconds(30);
    }
}
