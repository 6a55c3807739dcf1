package io.eventflow.identity;

/**
 * Verifies an access token outside the HTTP security chain, e.g. one given as {@code ?token=} on a WebSocket
 * handshake, where browsers cannot send an Authorization header. The same checks as for a bearer token:
 * signature, issuer, lifetime and revocation.
 */
public interface AccessTokens {

    /** @throws InvalidAccessTokenException with a message fit for the client when the token is not valid now */
    CurrentUser verify(String accessToken);

    final class InvalidAccessTokenException extends RuntimeException {
        public InvalidAccessTokenException(String message) {
            super(message);
        }
    }
}
