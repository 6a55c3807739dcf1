package io.eventflow.identity.token;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis as one node's revocation checks see it. After a failure the node stops asking Redis for a while and goes
 * to the database directly: otherwise every request would wait out the command timeout. Once the pause is over a
 * single request tries Redis again (the others keep going to the database). The log says so when Redis is lost,
 * at most once a minute while it stays lost, and when it answers again — never once a request.
 */
final class RedisOutage {

    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);
    private static final long LOG_EVERY = Duration.ofMinutes(1).toNanos();

    private final LongSupplier nanoTime;
    private final long pause;
    /** While Redis is lost: when (nanoTime) the next attempt may be made. */
    private final AtomicLong nextAttempt = new AtomicLong();
    private final AtomicLong answeredByDatabase = new AtomicLong();
    private volatile boolean lost;
    private long lastLogged;

    RedisOutage(Duration pause, LongSupplier nanoTime) {
        this.pause = pause.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether to ask Redis now; false means: go to the database. */
    boolean mayAsk() {
        if (!lost) {
            return true;
        }
        long due = nextAttempt.get();
        long now = nanoTime.getAsLong();
        // only the request that moves the due time on tries; the others do not all wait for the same timeout
        return now - due >= 0 && nextAttempt.compareAndSet(due, now + pause);
    }

    /** A check answered by the database because Redis is lost, counted for the log. */
    void answeredByDatabase() {
        if (lost) {
            answeredByDatabase.incrementAndGet();
        }
    }

    synchronized void failed(String doing, RuntimeException cause) {
        long now = nanoTime.getAsLong();
        nextAttempt.set(now + pause);
        if (!lost) {
            lost = true;
            lastLogged = now;
            log.warn("Redis cannot be reached ({}): token revocations are checked in the database until it answers "
                    + "again; cause: {}", doing, cause.toString());
        } else if (now - lastLogged >= LOG_EVERY) {
            lastLogged = now;
            log.warn("Redis still cannot be reached ({}): {} checks answered by the database so far; cause: {}", doing,
                    answeredByDatabase.get(), cause.toString());
        }
    }

    void answered() {
        if (lost) {
            recovered();
        }
    }

    private synchronized void recovered() {
        if (lost) {
            lost = false;
            log.info("Redis answers again: token revocations are checked there ({} checks were answered by the "
                    + "database meanwhile)", answeredByDatabase.getAndSet(0));
        }
    }

    boolean isLost() {
        return lost;
    }
}
