package io.eventflow.identity.token;

import java.nio.file.Path;
import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

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
@Validated
public record IdentityProperties(@Valid Jwt jwt,
        @DurationMin(minutes = 1, message = "must be at least 1 minute") Duration refreshTokenTtl,
        @DurationMin(minutes = 1, message = "must be at least 1 minute")
        @DurationMax(days = 7, message = "must be at most 7 days: a reset link is a password") Duration passwordResetTtl,
        @Pattern(regexp = ABSOLUTE_HTTP, message = "must be an absolute http(s) address, e.g. https://events.example.com/reset-password?token= "
                + "(unset, it is eventflow.public-url followed by /reset-password?token=)")
        String passwordResetUrl,
        @Min(value = 4, message = "must be between 4 and 31 (bcrypt's log2 rounds; 10 or more in production)")
        @Max(value = 31, message = "must be between 4 and 31 (bcrypt's log2 rounds; 10 or more in production)") int bcryptStrength,
        Admin admin,
        @Min(value = 1, message = "must be at least 1") int passwordResetMailsPerHour) {

    /** An absolute http(s) address: the links mails carry must open from a mail client. */
    static final String ABSOLUTE_HTTP = "https?://[^\\s/?#]+\\S*";

    public IdentityProperties {
        jwt = jwt != null ? jwt : new Jwt(null, null, null, null);
        refreshTokenTtl = refreshTokenTtl != null ? refreshTokenTtl : Duration.ofDays(14);
        passwordResetTtl = passwordResetTtl != null ? passwordResetTtl : Duration.ofMinutes(30);
        passwordResetUrl = passwordResetUrl != null ? passwordResetUrl : "http://localhost:8080/reset-password?token=";
        bcryptStrength = bcryptStrength != 0 ? bcryptStrength : 10; // 0: not set (a wrong value is refused, not replaced)
        admin = admin != null ? admin : new Admin(null, null, null);
        passwordResetMailsPerHour = passwordResetMailsPerHour != 0 ? passwordResetMailsPerHour : 3;
    }

    /**
     * @param secret         HMAC key (at least 32 bytes); every node of a cluster needs the same one
     * @param keyFile        where a generated key is kept when no secret is configured (embedded default)
     * @param accessTokenTtl lifetime of an access token
     * @param issuer         {@code iss} claim written and required
     */
    public record Jwt(@Nullable String secret, Path keyFile,
            @DurationMin(seconds = 30, message = "must be at least 30 seconds")
            @DurationMax(hours = 24, message = "must be at most 24 hours: a logout ends access tokens only through revocation")
            Duration accessTokenTtl,
            @NotBlank(message = "must not be blank: it is written into every token and required back") String issuer) {
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
