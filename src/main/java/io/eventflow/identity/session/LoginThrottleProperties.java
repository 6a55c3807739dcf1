package io.eventflow.identity.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in throttling per login identifier ({@code eventflow.identity.login-throttle.*}); see {@link LoginThrottle}.
 * A wrong value stops the node at start, naming the setting.
 *
 * @param enabled             switch of its own: {@code eventflow.rate-limit.enabled} (the per-address HTTP limits)
 *                            does not turn it off
 * @param failuresBeforeDelay failed sign-ins in a row for one identifier before sign-in with it is paused
 * @param baseDelay           the first pause; each further failure doubles it
 * @param maxDelay            the longest pause, so an attacker cannot keep the owner out for longer at a time
 * @param window              failures further apart than this (counted from the last one, or from the end of a
 *                            pause) do not add up: the identifier starts afresh
 */
@ConfigurationProperties("eventflow.identity.login-throttle")
@Validated
record LoginThrottleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5") @Positive(message = "must be at least 1") int failuresBeforeDelay,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1, message = "must be at least 1s") Duration baseDelay,
        @DefaultValue("15m") @NotNull @DurationMin(seconds = 1, message = "must be at least 1s") Duration maxDelay,
        @DefaultValue("15m") @NotNull @DurationMin(seconds = 1, message = "must be at least 1s") Duration window) {

    @AssertTrue(message = "max-delay must not be shorter than base-delay")
    boolean isMaxDelayAtLeastBaseDelay() {
        return baseDelay == null || maxDelay == null || maxDelay.compareTo(baseDelay) >= 0;
    }

    /**
     * The pause that the {@code failures}-th failure in a row starts: none before {@link #failuresBeforeDelay}, then
     * the base delay, doubled with every further failure up to the maximum.
     */
    Duration delayAfter(int failures) {
        if (failures < failuresBeforeDelay) {
            return Duration.ZERO;
        }
        Duration delay = baseDelay;
        for (int beyond = failures - failuresBeforeDelay; beyond > 0 && delay.compareTo(maxDelay) < 0; beyond--) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) < 0 ? delay : maxDelay;
    }

    /** Every distinct pause in order, the last (the maximum) standing for all later failures. */
    List<Duration> delays() {
        List<Duration> delays = new ArrayList<>();
        for (int failures = failuresBeforeDelay; ; failures++) {
            Duration delay = delayAfter(failures);
            delays.add(delay);
            if (delay.equals(maxDelay)) {
                return delays;
            }
        }
    }
}
