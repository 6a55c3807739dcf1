package io.eventflow.identity.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.eventflow.identity.account.UserAccount;
import io.eventflow.identity.token.OpaqueTokens;

/**
 * Slows down password guessing against one account, however many client addresses it is spread over (the per-address
 * rate limit cannot see that). It counts failed sign-ins in a row per login identifier as typed (trimmed, lower
 * case), whether or not an account has it, so the throttle answers an unknown identifier exactly as a known one and
 * tells nobody which accounts exist. After {@code failures-before-delay} failures the identifier is paused for
 * {@code base-delay}; each further failure doubles the pause, up to {@code max-delay}; attempts during a pause are
 * refused before any password is checked (and do not count). A successful sign-in or a password reset ends the run,
 * and failures further apart than {@code window} do not add up.
 * <p>
 * The cap bounds how long an attacker can keep the owner out at a time; "forgot password" is not throttled here, and
 * a reset ends the pause at once. The owner is mailed when a run first pauses the account ({@link LoginThrottleMail}).
 * <p>
 * If the store (Redis) cannot be reached, sign-ins are admitted unthrottled: an outage of the throttle must not become
 * an outage of sign-in. The log says so once, and again only at most every {@link #WARN_EVERY} while it lasts; the
 * store is not asked again for {@link #PAUSE_AFTER_OUTAGE}, so sign-ins do not each wait out Redis's timeout.
 */
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final Duration PAUSE_AFTER_OUTAGE = Duration.ofSeconds(5);
    static final Duration WARN_EVERY = Duration.ofMinutes(10);

    private final LoginThrottleProperties settings;
    private final LoginStreaks streaks;
    private final Clock clock;
    private final LoginThrottleMail mail;
    private volatile @Nullable Instant storeLostUntil;
    private @Nullable Instant lastWarned;
    private long admittedUnchecked;

    LoginThrottle(LoginThrottleProperties settings, LoginStreaks streaks, Clock clock, LoginThrottleMail mail) {
        this.settings = settings;
        this.streaks = streaks;
        this.clock = clock;
        this.mail = mail;
    }

    /**
     * Admits one sign-in attempt with {@code identifier} or refuses it while the identifier is paused. An admitted
     * attempt counts as failed until {@link #succeeded} says otherwise.
     *
     * @throws LoginThrottled while paused
     */
    LoginStreaks.Attempt admit(@Nullable String identifier) {
        Instant now = clock.instant();
        String login = identifier == null ? "" : UserAccount.normalizeEmail(identifier);
        if (!settings.enabled() || login.isEmpty()) {
            return LoginStreaks.Attempt.untracked(now); // a blank identifier never signs anybody in
        }
        Instant lost = storeLostUntil;
        if (lost != null && now.isBefore(lost)) {
            admittedUnchecked();
            return LoginStreaks.Attempt.untracked(now);
        }
        LoginStreaks.Attempt attempt;
        try {
            attempt = streaks.charge(key(login), now);
        } catch (RuntimeException e) {
            storeUnavailable(now, e);
            return LoginStreaks.Attempt.untracked(now);
        }
        if (lost != null) {
            storeAnswers();
        }
        if (!attempt.admitted()) {
            throw new LoginThrottled(attempt.retryAfter());
        }
        return attempt;
    }

    /** The attempt's password was right: the run is over. */
    void succeeded(LoginStreaks.Attempt attempt) {
        if (attempt.tracked()) {
            forgetKey(attempt.key());
        }
    }

    /**
     * The attempt's password was wrong (it was counted already). If this failure paused the identifier for the first
     * time in its run, the owner, if there is one, is told.
     */
    void failed(LoginStreaks.Attempt attempt, @Nullable String identifier) {
        if (identifier != null && attempt.tracked() && attempt.pause().isPositive()
                && attempt.failures() == settings.failuresBeforeDelay()) {
            mail.accountPaused(UserAccount.normalizeEmail(identifier), attempt.failures(), attempt.firstFailure(),
                    clock.instant(), attempt.pause());
        }
    }

    /** After a password reset: the account's identifiers (username and e-mail) start afresh. */
    public void forget(@Nullable String... identifiers) {
        for (String identifier : identifiers) {
            if (identifier != null && !identifier.isBlank()) {
                forgetKey(key(UserAccount.normalizeEmail(identifier)));
            }
        }
    }

    private void forgetKey(String key) {
        try {
            streaks.forget(key);
        } catch (RuntimeException e) {
            storeUnavailable(clock.instant(), e);
        }
    }

    /** A hash: the store need not hold anybody's address. */
    private static String key(String login) {
        return OpaqueTokens.hash(login);
    }

    private synchronized void storeUnavailable(Instant now, RuntimeException cause) {
        storeLostUntil = now.plus(PAUSE_AFTER_OUTAGE);
        admittedUnchecked++;
        if (lastWarned == null || !now.isBefore(lastWarned.plus(WARN_EVERY))) {
            log.warn("The login throttle's store cannot be reached: sign-ins are admitted without throttling until it "
                    + "answers again ({} admitted unchecked so far); cause: {}", admittedUnchecked, cause.toString());
            lastWarned = now;
        }
    }

    private synchronized void admittedUnchecked() {
        admittedUnchecked++;
    }

    private synchronized void storeAnswers() {
        if (storeLostUntil != null) {
            storeLostUntil = null;
            lastWarned = null;
            log.info("The login throttle's store answers again; {} sign-ins were admitted unchecked meanwhile",
                    admittedUnchecked);
            admittedUnchecked = 0;
        }
    }
}
