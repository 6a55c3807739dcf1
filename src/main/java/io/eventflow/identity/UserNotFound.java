package io.eventflow.identity;

import java.util.UUID;

import io.eventflow.platform.domain.NotFound;

/** No active account with that id or number (never registered, or deleted). */
public class UserNotFound extends NotFound {

    public UserNotFound(UUID userId) {
        super("User", userId);
    }

    public UserNotFound(long number) {
        super("User number", number);
    }
}
