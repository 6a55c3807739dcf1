package io.eventflow.identity;

/**
 * A new session, as {@code POST /api/v1/auth/register} and {@code /login} answer it: EventFlow's own access token
 * (a JWT, {@code Authorization: Bearer} on {@code /api/v1}) and refresh token (for {@code POST /api/v1/auth/refresh}).
 *
 * @param expiresIn seconds until the access token expires
 */
public record SignedIn(CurrentUser user, String accessToken, String refreshToken, long expiresIn) {
}
