package io.eventflow.identity;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read access to accounts for the other modules (names for display, addresses for notifications). */
public interface UserDirectory {

    /** An active (not deleted) user. */
    Optional<UserSummary> find(UUID userId);

    /** The active users among {@code userIds}, by id, in one query (for lists that show many names). */
    Map<UUID, UserSummary> findAll(Collection<UUID> userIds);

    /** The address to write to, if the user exists and has one. */
    Optional<String> email(UUID userId);

    /** @param number the user's stable integer id, as older client APIs address users */
    record UserSummary(UUID id, long number, String username, Role role) {
    }
}
