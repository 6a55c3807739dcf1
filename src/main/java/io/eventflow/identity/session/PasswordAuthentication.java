package io.eventflow.identity.session;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.account.UserAccount;
import io.eventflow.platform.domain.NotAuthenticated;

/**
 * Form login of the web UI (session cookie), with the rules of the API login: username or e-mail, the
 * same answer and the same time for an unknown user and a wrong password, the same throttle ({@link PasswordCheck}).
 * A throttled sign-in fails with a {@link LockedException}. The principal is a
 * {@link CurrentUser}, so controllers see one kind of user whichever way it signed in.
 */
@Component
class PasswordAuthentication implements AuthenticationProvider {

    private final PasswordCheck passwordCheck;

    PasswordAuthentication(PasswordCheck passwordCheck) {
        this.passwordCheck = passwordCheck;
    }

    @Override
    @Transactional(readOnly = true)
    public Authentication authenticate(Authentication request) {
        String identifier = request.getName();
        String password = request.getCredentials() == null ? null : request.getCredentials().toString();
        UserAccount user;
        try {
            user = passwordCheck.verify(identifier, password);
        } catch (NotAuthenticated e) {
            throw new BadCredentialsException(SessionService.BAD_CREDENTIALS);
        } catch (LoginThrottled e) {
            // Spring Security's word for "this account may not sign in now"; the sign-in page explains it
            throw new LockedException(java.util.Objects.requireNonNullElse(e.getMessage(), ""));
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
