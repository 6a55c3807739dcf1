package io.eventflow.identity.session;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.eventflow.identity.account.UserAccount;
import io.eventflow.identity.account.UserAccountRepository;
import io.eventflow.identity.password.PasswordPolicy;
import io.eventflow.platform.domain.NotAuthenticated;

/**
 * The one way a password is checked at sign-in, for the API, the compatibility adapters (both through
 * {@link SessionService#login}) and the web form ({@link PasswordAuthentication}): throttled per identifier first
 * ({@link LoginThrottle}), then one answer, in the same time, for an unknown user and a wrong password.
 */
@Component
class PasswordCheck {

    private final UserAccountRepository users;
    private final PasswordPolicy passwords;
    private final LoginThrottle throttle;

    PasswordCheck(UserAccountRepository users, PasswordPolicy passwords, LoginThrottle throttle) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
    }

    /**
     * @throws LoginThrottled    while sign-in with this identifier is paused; no password was checked
     * @throws NotAuthenticated  for an unknown identifier or a wrong password, alike
     */
    UserAccount verify(@Nullable String identifier, @Nullable String password) {
        LoginStreaks.Attempt attempt = throttle.admit(identifier);
        UserAccount user = identifier == null || identifier.isBlank() ? null
                : users.findActiveByLogin(UserAccount.normalizeEmail(identifier)).orElse(null);
        if (user == null) {
            passwords.matchDecoy(password); // the time of a real comparison: the answer's timing tells nothing either
            throttle.failed(attempt, identifier);
            throw new NotAuthenticated(SessionService.BAD_CREDENTIALS);
        }
        if (!passwords.matches(password, user.passwordHash())) {
            throttle.failed(attempt, identifier);
            throw new NotAuthenticated(SessionService.BAD_CREDENTIALS);
        }
        throttle.succeeded(attempt);
        return user;
    }
}
