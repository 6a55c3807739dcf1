package io.eventflow.identity;

import java.time.Instant;
import java.util.UUID;

/** Domain event: an account was deleted and its personal data anonymised. */
public record UserDeleted(UUID userId, Instant occurredAt) {
}
