package io.eventflow.identity;

import java.util.Optional;

import org.springframework.security.core.context.SecurityContextHolder;

import io.eventflow.identity.token.CurrentUserResolver;

/**
 * The user signed in on this thread, for code that gets no {@link CurrentUser} parameter: a domain-event listener
 * running inside the request's transaction (the audit log asks who made a change). Empty for anonymous requests and on
 * threads that serve none (scheduled jobs, outbox listeners).
 */
public final class SignedInUsers {

    private SignedInUsers() {
    }

    public static Optional<CurrentUser> current() {
        return Optional.ofNullable(CurrentUserResolver.of(SecurityContextHolder.getContext().getAuthentication()));
    }
}
