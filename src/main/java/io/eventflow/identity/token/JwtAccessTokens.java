package io.eventflow.identity.token;

import java.time.Instant;
import java.util.Objects;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.stereotype.Component;

import io.eventflow.identity.AccessTokens;
import io.eventflow.identity.CurrentUser;

@Component
class JwtAccessTokens implements AccessTokens {

    private final JwtDecoder decoder;

    JwtAccessTokens(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public CurrentUser verify(String accessToken) {
        return verifyUntil(accessToken).user();
    }

    @Override
    public Verified verifyUntil(String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new InvalidAccessTokenException("An access token is required");
        }
        try {
            var jwt = decoder.decode(accessToken);
            Instant expiresAt = Objects.requireNonNull(jwt.getExpiresAt(),
                    "every token EventFlow signs expires (see TokenIssuer)");
            return new Verified(JwtConfiguration.currentUser(jwt), expiresAt);
        } catch (JwtValidationException e) {
            String reason = e.getErrors().stream().map(error -> error.getDescription()).filter(d -> d != null)
                    .findFirst().orElse("invalid");
            throw new InvalidAccessTokenException("The access token is not valid: " + reason);
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidAccessTokenException("The access token is not valid: it is malformed or not signed by EventFlow");
        }
    }
}
