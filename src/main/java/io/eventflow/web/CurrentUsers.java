package io.eventflow.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import io.eventflow.identity.CurrentUser;

final class CurrentUsers {

    private CurrentUsers() {
    }

    /** The signed-in user of this browser session, or null. */
    static CurrentUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CurrentUser user ? user : null;
    }
}
