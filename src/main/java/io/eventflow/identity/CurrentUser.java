package io.eventflow.identity;

import java.util.UUID;

/**
 * The authenticated caller, as a controller parameter in any module: {@code void book(CurrentUser user)}.
 * Taken from the verified access token; a request without one never reaches a handler that asks for it.
 */
public record CurrentUser(UUID id, String username, Role role) implements java.io.Serializable {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** True for the user themself and for admins: the usual rule for personal resources. */
    public boolean isSelfOrAdmin(UUID userId) {
        return isAdmin() || id.equals(userId);
    }
}
