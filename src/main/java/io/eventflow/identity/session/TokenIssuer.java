package io.eventflow.identity.session;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import io.eventflow.identity.account.UserAccount;
import io.eventflow.identity.token.IdentityProperties;
import io.eventflow.identity.token.JwtConfiguration;
import io.eventflow.identity.token.OpaqueTokens;
import io.eventflow.platform.IdGenerator;

/** Issues a session: a short-lived access JWT and a refresh token in the given family. */
@Component
public class TokenIssuer {

    private final JwtEncoder encoder;
    private final RefreshTokenRepository refreshTokens;
    private final IdentityProperties properties;
    private final IdGenerator ids;
    private final Clock clock;

    TokenIssuer(JwtEncoder encoder, RefreshTokenRepository refreshTokens, IdentityProperties properties,
            IdGenerator ids, Clock clock) {
        this.encoder = encoder;
        this.refreshTokens = refreshTokens;
        this.properties = properties;
        this.ids = ids;
        this.clock = clock;
    }

    /** Must run inside the caller's transaction: the refresh token row is part of it. */
    public IssuedTokens issue(UserAccount user, @Nullable UUID familyId) {
        Instant now = clock.instant();
        Instant expires = now.plus(properties.jwt().accessTokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.jwt().issuer())
                .subject(user.id().toString())
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expires)
                .claim(JwtConfiguration.CLAIM_ISSUED_MS, now.toEpochMilli())
                .claim(JwtConfiguration.CLAIM_ROLE, user.role().wireName())
                .claim(JwtConfiguration.CLAIM_USERNAME, user.username())
                .build();
        String access = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        String refresh = OpaqueTokens.generate();
        refreshTokens.save(new RefreshToken(ids.next(), OpaqueTokens.hash(refresh), familyId != null ? familyId : ids.next(),
                user.id(), now, now.plus(properties.refreshTokenTtl())));
        return new IssuedTokens(user, access, refresh, properties.jwt().accessTokenTtl().toSeconds());
    }

    public record IssuedTokens(UserAccount user, String accessToken, String refreshToken, long expiresInSeconds) {
    }
}
