package io.eventflow.identity;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Read access to accounts for the other modules (names for display, addresses for notifications). */
public interface UserDirectory {

    /** An active (not deleted) user. */
    Optional<UserSummary> find(UUID userId);

    /** The active users among {@code userIds}, by id, in one query (for lists that show many names). */
    Map<UUID, UserSummary> findAll(Collection<UUID> userIds);

    /** The address to write to, if the user exists and has one. */
    Optional<String> email(UUID userId);

    /** The language the user chose ({@link Languages}), if the user exists and chose one. */
    Optional<String> language(UUID userId);

    /**
     * Names and, where the user allowed it ({@code share_email_with_organizers}), e-mail addresses of the active users
     * among {@code userIds}, in one query: what an event's organizer may see of its attendees. Keep the batches to a
     * few hundred ids (one {@code IN} list).
     */
    Map<UUID, Contact> contactsForOrganizers(Collection<UUID> userIds);

    /** @param sharedEmail null unless the user lets organizers see it */
    record Contact(UUID id, String username, @Nullable String sharedEmail) {
    }

    /** @param number the user's stable integer id, as older client APIs address users */
    record UserSummary(UUID id, long number, String username, Role role) {
    }
}
