package io.eventflow.identity.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Runs of failed sign-ins in this JVM. Each entry is dropped once it no longer matters (the window after the last
 * failure or the end of its pause); the number of entries is bounded, so a flood of invented identifiers cannot grow
 * memory without end.
 */
class InMemoryLoginStreaks implements LoginStreaks {

    private final LoginThrottleProperties settings;
    private final Clock clock;
    private final Cache<String, Streak> streaks;

    InMemoryLoginStreaks(LoginThrottleProperties settings, Clock clock, long maxEntries) {
        this.settings = settings;
        this.clock = clock;
        this.streaks = Caffeine.newBuilder().maximumSize(maxEntries).expireAfter(new Expiry<String, Streak>() {
            @Override
            public long expireAfterCreate(String key, Streak streak, long currentTime) {
                return streak.nanosToLive(clock.instant());
            }

            @Override
            public long expireAfterUpdate(String key, Streak streak, long currentTime, long currentDuration) {
                return streak.nanosToLive(clock.instant());
            }

            @Override
            public long expireAfterRead(String key, Streak streak, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    @Override
    public Attempt charge(String key, Instant now) {
        AtomicReference<@Nullable Attempt> answer = new AtomicReference<>();
        streaks.asMap().compute(key, (k, current) -> {
            Streak live = current != null && now.isBefore(current.forgetAt()) ? current : null;
            if (live != null && now.isBefore(live.pausedUntil())) {
                answer.set(Attempt.refused(key, live.failures(), live.firstFailure(),
                        Duration.between(now, live.pausedUntil())));
                return live;
            }
            int failures = live == null ? 1 : live.failures() + 1;
            Instant first = live == null ? now : live.firstFailure();
            Duration pause = settings.delayAfter(failures);
            Instant pausedUntil = pause.isZero() ? (live == null ? now : live.pausedUntil()) : now.plus(pause);
            Instant forgetAt = (pausedUntil.isAfter(now) ? pausedUntil : now).plus(settings.window());
            answer.set(new Attempt(key, true, failures, first, pause, Duration.ZERO));
            return new Streak(failures, first, pausedUntil, forgetAt);
        });
        Attempt attempt = answer.get();
        if (attempt == null) {
            throw new IllegalStateException("compute ran no function");
        }
        return attempt;
    }

    @Override
    public void forget(String key) {
        streaks.invalidate(key);
    }

    /** @param forgetAt when the run no longer matters: the window after its last failure or after its pause */
    record Streak(int failures, Instant firstFailure, Instant pausedUntil, Instant forgetAt) {

        long nanosToLive(Instant now) {
            return Math.max(1, Duration.between(now, forgetAt).toNanos());
        }
    }
}
