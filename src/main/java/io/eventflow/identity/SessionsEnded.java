package io.eventflow.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * Some or all of a user's ways in ended at {@code at}: a logout (every refresh token), or every session at once
 * (password change or reset, role change, deletion). Published in the transaction that ends them; whatever keeps a
 * connection open on the user's behalf (a WebSocket) closes it once that commits.
 */
public record SessionsEnded(UUID userId, Instant at) {
}
