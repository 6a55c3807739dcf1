package io.eventflow.web;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import io.eventflow.identity.CurrentUser;

final class CurrentUsers {

    private CurrentUsers() {
    }

    /** The signed-in user of this browser session, or null. */
    static @Nullable CurrentUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CurrentUser user ? user : null;
    }

    /**
     * The signed-in user of a page that only signed-in users reach: the paths {@link WebSecurityConfiguration}
     * lets through only once authenticated.
     */
    static CurrentUser required() {
        return Objects.requireNonNull(current(), "a page for signed-in users");
    }
}
