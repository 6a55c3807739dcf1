package io.eventflow.identity.token;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of accounts and tokens ({@code eventflow.identity.*}).
 *
 * @param jwt               signing and lifetime of access tokens
 * @param refreshTokenTtl   how long a refresh token may be used
 * @param passwordResetTtl  how long a reset link stays valid
 * @param passwordResetUrl  link sent by mail; the token is appended
 * @param bcryptStrength    log2 rounds of bcrypt; tests lower it, production keeps 10 or more
 * @param admin             the administrator created on first start, if configured
 * @param passwordResetMailsPerHour reset mails one address receives at most per hour, however many clients ask
 */
@ConfigurationProperties("eventflow.identity")
public record IdentityProperties(Jwt jwt, Duration refreshTokenTtl, Duration passwordResetTtl, String passwordResetUrl,
        int bcryptStrength, Admin admin, int passwordResetMailsPerHour) {

    public IdentityProperties {
        jwt = jwt != null ? jwt : new Jwt(null, null, null, null);
        refreshTokenTtl = refreshTokenTtl != null ? refreshTokenTtl : Duration.ofDays(14);
        passwordResetTtl = passwordResetTtl != null ? passwordResetTtl : Duration.ofMinutes(30);
        passwordResetUrl = passwordResetUrl != null ? passwordResetUrl : "http://localhost:8080/reset-password?token=";
        bcryptStrength = bcryptStrength > 0 ? bcryptStrength : 10;
        admin = admin != null ? admin : new Admin(null, null, null);
        passwordResetMailsPerHour = passwordResetMailsPerHour > 0 ? passwordResetMailsPerHour : 3;
    }

    /**
     * @param secret         HMAC key (at least 32 bytes); every node of a cluster needs the same one
     * @param keyFile        where a generated key is kept when no secret is configured (embedded default)
     * @param accessTokenTtl lifetime of an access token
     * @param issuer         {@code iss} claim written and required
     */
    public record Jwt(@Nullable String secret, Path keyFile, Duration accessTokenTtl, String issuer) {
        /** Settings left out (null) take their defaults; only the secret may stay unset. */
        public Jwt(@Nullable String secret, @Nullable Path keyFile, @Nullable Duration accessTokenTtl,
                @Nullable String issuer) {
            this.secret = secret;
            this.keyFile = keyFile != null ? keyFile : Path.of("data", "jwt-signing.key");
            this.accessTokenTtl = accessTokenTtl != null ? accessTokenTtl : Duration.ofMinutes(15);
            this.issuer = issuer != null ? issuer : "eventflow";
        }
    }

    /** @param password if empty, a random one is generated and printed once in the log */
    public record Admin(@Nullable String username, @Nullable String email, @Nullable String password) {
    }
}
