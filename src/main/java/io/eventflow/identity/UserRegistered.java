package io.eventflow.identity;

import java.time.Instant;
import java.util.UUID;

/** Domain event: an account was created. Carries no contact data; listeners ask {@link UserDirectory}. */
public record UserRegistered(UUID userId, String username, Role role, Instant occurredAt) {
}
