package io.eventflow.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * Domain event: an account's role changed, by an admin or (attendee to organizer only) by the user themself. Published
 * inside the change's transaction; who made the change is the signed-in user of that moment ({@link SignedInUsers}).
 */
public record UserRoleChanged(UUID userId, Role oldRole, Role newRole, Instant occurredAt) {
}
