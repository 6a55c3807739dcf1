package io.eventflow.identity.session;

import java.time.Duration;

import io.eventflow.platform.domain.DomainException;

/**
 * Sign-in with this identifier is paused after too many failures in a row. The words are the same whether or not an
 * account has the identifier, and so is everything else about the answer.
 */
public class LoginThrottled extends DomainException {

    private final Duration retryAfter;

    LoginThrottled(Duration retryAfter) {
        super(Kind.TOO_MANY_ATTEMPTS, "Too many failed sign-ins for this account; try again in "
                + seconds(retryAfter) + " seconds or reset your password");
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up, as {@code Retry-After} says them. */
    static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
