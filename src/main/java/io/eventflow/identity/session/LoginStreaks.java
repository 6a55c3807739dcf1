package io.eventflow.identity.session;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the runs of failed sign-ins live, per identifier: in this JVM (embedded default) or in Redis, shared by every
 * node, so that attempts spread over the nodes of a cluster add up. Entries expire on their own.
 */
interface LoginStreaks {

    /**
     * One sign-in attempt with {@code key}, in one atomic step: refused while the identifier is paused; otherwise
     * counted as a failure at once (until {@link #forget} says it was right, so attempts sent in parallel cannot slip
     * in under the count), starting the pause that failure earns.
     */
    Attempt charge(String key, Instant now);

    /** The identifier's run is over: a sign-in succeeded, or its password was reset. */
    void forget(String key);

    /**
     * @param admitted     whether the password may be checked
     * @param failures     failures in a row, this attempt counted; 0 when not tracked
     * @param firstFailure when the run began
     * @param pause        the pause this attempt started should it fail (zero if none)
     * @param retryAfter   when refused, how long the pause still lasts
     */
    record Attempt(String key, boolean admitted, int failures, Instant firstFailure, Duration pause,
            Duration retryAfter) {

        static Attempt untracked(Instant now) {
            return new Attempt("", true, 0, now, Duration.ZERO, Duration.ZERO);
        }

        static Attempt refused(String key, int failures, Instant firstFailure, Duration retryAfter) {
            return new Attempt(key, false, failures, firstFailure, Duration.ZERO, retryAfter);
        }

        boolean tracked() {
            return !key.isEmpty();
        }
    }
}
