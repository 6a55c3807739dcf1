package io.eventflow.identity;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An account as its owner sees it, e-mail address included: whoever shows it to someone else decides whether the
 * address goes with it (the API shows it only to the user and to admins).
 *
 * @param number the small integer the database gave the account, never changed nor reused
 * @param email null for an account without an address (a built-in one)
 * @param shareEmailWithOrganizers whether organizers of events the user books see the address in attendee exports
 * @param language the language the user chose ({@link Languages}), null if none yet
 */
public record Profile(UUID id, long number, String username, @Nullable String email, Role role, Instant createdAt,
        Instant updatedAt, boolean shareEmailWithOrganizers, @Nullable String language) {
}
