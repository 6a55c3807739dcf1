package io.eventflow.identity;

import java.time.Instant;

/**
 * Verifies an access token outside the HTTP security chain, e.g. one given as {@code ?token=} on a WebSocket
 * handshake, where browsers cannot send an Authorization header. The same checks as for a bearer token:
 * signature, issuer, lifetime and revocation.
 */
public interface AccessTokens {

    /** @throws InvalidAccessTokenException with a message fit for the client when the token is not valid now */
    CurrentUser verify(String accessToken);

    /** As {@link #verify}, with the moment the token stops being valid (a connection it opened ends then). */
    Verified verifyUntil(String accessToken);

    record Verified(CurrentUser user, Instant expiresAt) {
    }

    final class InvalidAccessTokenException extends RuntimeException {
        public InvalidAccessTokenException(String message) {
            super(message);
        }
    }
}
