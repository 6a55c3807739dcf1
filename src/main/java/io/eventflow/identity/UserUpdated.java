package io.eventflow.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Domain event: an account's username, e-mail address or password changed, by its user or an admin. {@code fields}
 * names what changed, among {@code username}, {@code email}, {@code password}, never the values. (A role change is
 * {@link UserRoleChanged}.)
 */
public record UserUpdated(UUID userId, List<String> fields, Instant occurredAt) {
}
