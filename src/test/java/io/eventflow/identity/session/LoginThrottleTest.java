package io.eventflow.identity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The schedule of pauses per identifier, on the in-memory store and a clock the test moves. */
class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottleMail mail = mock(LoginThrottleMail.class);
    private final LoginThrottleProperties settings = new LoginThrottleProperties(true, 5, Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofMinutes(15));
    private final LoginThrottle throttle = new LoginThrottle(settings,
            new InMemoryLoginStreaks(settings, clock, 1000), clock, mail);

    @Test
    void thePauseStartsAtTheFifthFailureAndDoublesUpToTheCap() {
        assertThat(List.of(1, 4, 5, 6, 7, 8, 9, 10, 11, 50).stream().map(settings::delayAfter).toList())
                .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(1),
                        Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15),
                        Duration.ofMinutes(15), Duration.ofMinutes(15));
        assertThat(settings.delays()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15));
    }

    @Test
    void refusesTheSixthAttemptBeforeAnyPasswordIsCheckedForThirtySeconds() {
        fail("ada", 5);

        LoginThrottled refused = catchThrowableOfType(LoginThrottled.class, () -> throttle.admit("ada"));

        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(refused.getMessage()).isEqualTo(
                "Too many failed sign-ins for this account; try again in 30 seconds or reset your password");
        clock.advance(Duration.ofSeconds(29));
        assertThat(catchThrowableOfType(LoginThrottled.class, () -> throttle.admit("ada")).retryAfter())
                .isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("ada").admitted()).isTrue();
    }

    @Test
    void eachFailureAfterAPauseDoublesTheNextPauseUpToFifteenMinutes() {
        fail("ada", 5);
        List<Long> pauses = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Duration pause = catchThrowableOfType(LoginThrottled.class, () -> throttle.admit("ada")).retryAfter();
            pauses.add(pause.toSeconds());
            clock.advance(pause);
            fail("ada", 1);
        }
        assertThat(pauses).containsExactly(30L, 60L, 120L, 240L, 480L, 900L, 900L);
    }

    @Test
    void refusedAttemptsDoNotCountNorLengthenThePause() {
        fail("ada", 5);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> throttle.admit("ada")).isInstanceOf(LoginThrottled.class);
        }
        clock.advance(Duration.ofSeconds(30));

        throttle.failed(throttle.admit("ada"), "ada"); // the sixth failure, not the 26th

        assertThat(catchThrowableOfType(LoginThrottled.class, () -> throttle.admit("ada")).retryAfter())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aSuccessfulSignInEndsTheRun() {
        fail("ada", 4);
        throttle.succeeded(throttle.admit("ada"));

        fail("ada", 4);

        assertThat(throttle.admit("ada").admitted()).isTrue(); // four again, not eight
    }

    @Test
    void aSuccessAfterThePauseEndsTheRunToo() {
        fail("ada", 5);
        clock.advance(Duration.ofSeconds(30));
        throttle.succeeded(throttle.admit("ada"));

        fail("ada", 4);

        assertThat(throttle.admit("ada").failures()).isEqualTo(5);
    }

    @Test
    void failuresFurtherApartThanTheWindowDoNotAddUp() {
        for (int i = 0; i < 10; i++) {
            fail("ada", 1);
            clock.advance(Duration.ofMinutes(16));
        }
        assertThat(throttle.admit("ada").failures()).isEqualTo(1);
    }

    @Test
    void theRunIsForgottenAWindowAfterItsPauseEnded() {
        fail("ada", 5);
        clock.advance(Duration.ofSeconds(30).plus(Duration.ofMinutes(15)));

        assertThat(throttle.admit("ada").failures()).isEqualTo(1);
    }

    @Test
    void theIdentifierCountsAsTypedTrimmedAndInAnyCaseWhetherOrNotAnAccountHasIt() {
        fail("Ada@Example.com ", 3);
        fail("ada@example.COM", 2);

        assertThatThrownBy(() -> throttle.admit(" ADA@example.com")).isInstanceOf(LoginThrottled.class);
        assertThat(throttle.admit("someone-else").admitted()).isTrue();
    }

    @Test
    void aPasswordResetEndsThePauseOfTheAccountsNameAndAddress() {
        fail("ada", 5);
        fail("ada@example.com", 5);

        throttle.forget("Ada", "ada@example.com", null);

        assertThat(throttle.admit("ada").failures()).isEqualTo(1);
        assertThat(throttle.admit("ada@example.com").failures()).isEqualTo(1);
    }

    @Test
    void theOwnerIsToldOncePerRunWhenItFirstPausesTheAccount() {
        Instant start = clock.instant();
        fail("Ada", 4);
        verify(mail, never()).accountPaused(any(), anyInt(), any(), any(), any());

        fail("Ada", 1);
        for (int i = 0; i < 3; i++) { // further pauses of the same run: no more mail
            clock.advance(catchThrowableOfType(LoginThrottled.class, () -> throttle.admit("ada")).retryAfter());
            fail("ada", 1);
        }

        verify(mail, times(1)).accountPaused(eq("ada"), eq(5), eq(start), any(), eq(Duration.ofSeconds(30)));
    }

    @Test
    void noMailWhenTheAttemptThatPausedTheAccountHadTheRightPassword() {
        fail("ada", 4);

        throttle.succeeded(throttle.admit("ada"));

        verify(mail, never()).accountPaused(any(), anyInt(), any(), any(), any());
        assertThat(throttle.admit("ada").failures()).isEqualTo(1);
    }

    @Test
    void attemptsSentAtOnceCannotSlipInUnderTheCount() {
        // five admitted and not yet answered: the sixth is refused already
        for (int i = 0; i < 5; i++) {
            throttle.admit("ada");
        }
        assertThatThrownBy(() -> throttle.admit("ada")).isInstanceOf(LoginThrottled.class);
    }

    @Test
    void admitsEveryAttemptWhileTheStoreCannotBeReachedAndThrottlesAgainOnceItAnswers() {
        FlakyStreaks streaks = new FlakyStreaks(new InMemoryLoginStreaks(settings, clock, 1000));
        LoginThrottle flaky = new LoginThrottle(settings, streaks, clock, mail);
        streaks.down = true;
        for (int i = 0; i < 10; i++) {
            LoginStreaks.Attempt attempt = flaky.admit("ada");
            assertThat(attempt.admitted()).isTrue();
            flaky.failed(attempt, "ada");
        }
        assertThat(streaks.calls).isEqualTo(1); // not asked again during the pause after an outage

        streaks.down = false;
        clock.advance(LoginThrottle.PAUSE_AFTER_OUTAGE);
        for (int i = 0; i < 5; i++) {
            flaky.failed(flaky.admit("ada"), "ada");
        }
        assertThatThrownBy(() -> flaky.admit("ada")).isInstanceOf(LoginThrottled.class);
    }

    @Test
    void switchedOffItAdmitsEverything() {
        LoginThrottleProperties off = new LoginThrottleProperties(false, 5, Duration.ofSeconds(30),
                Duration.ofMinutes(15), Duration.ofMinutes(15));
        LoginThrottle none = new LoginThrottle(off, new InMemoryLoginStreaks(off, clock, 1000), clock, mail);
        for (int i = 0; i < 20; i++) {
            none.failed(none.admit("ada"), "ada");
        }
        assertThat(none.admit("ada").admitted()).isTrue();
    }

    private void fail(String identifier, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(throttle.admit(identifier), identifier);
        }
    }

    private static final class FlakyStreaks implements LoginStreaks {
        final LoginStreaks real;
        volatile boolean down;
        int calls;

        FlakyStreaks(LoginStreaks real) {
            this.real = real;
        }

        @Override
        public Attempt charge(String key, Instant now) {
            calls++;
            if (down) {
                throw new IllegalStateException("Redis is down");
            }
            return real.charge(key, now);
        }

        @Override
        public void forget(String key) {
            real.forget(key);
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
