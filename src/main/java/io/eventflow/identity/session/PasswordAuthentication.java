package io.eventflow.identity.session;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.account.UserAccount;
import io.eventflow.identity.account.UserAccountRepository;
import io.eventflow.identity.password.PasswordPolicy;

/**
 * Form login of the web UI (session cookie), with the rules of the API login: username or e-mail, the
 * same answer and the same time for an unknown user and a wrong password. The principal is a
 * {@link CurrentUser}, so controllers see one kind of user whichever way it signed in.
 */
@Component
class PasswordAuthentication implements AuthenticationProvider {

    private final UserAccountRepository users;
    private final PasswordPolicy passwords;

    PasswordAuthentication(UserAccountRepository users, PasswordPolicy passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    @Override
    @Transactional(readOnly = true)
    public Authentication authenticate(Authentication request) {
        String identifier = request.getName();
        String password = request.getCredentials() == null ? null : request.getCredentials().toString();
        UserAccount user = identifier == null || identifier.isBlank() ? null
                : users.findActiveByLogin(UserAccount.normalizeEmail(identifier)).orElse(null);
        if (user == null) {
            passwords.matchDecoy(password);
            throw new BadCredentialsException(SessionService.BAD_CREDENTIALS);
        }
        if (!passwords.matches(password, user.passwordHash())) {
            throw new BadCredentialsException(SessionService.BAD_CREDENTIALS);
        }
        CurrentUser principal = new CurrentUser(user.id(), user.username(), user.role());
        return UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority(user.role().authority())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
