package io.eventflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** What the decoder demands of a token signed with the real key: someone holding the key must not mint eternal ones. */
class JwtDecoderTest {

    private final SecretKey key = new SecretKeySpec("a-test-signing-key-of-at-least-32-bytes!".getBytes(), "HmacSHA256");
    private final JwtConfiguration configuration = new JwtConfiguration();
    private final IdentityProperties properties = new IdentityProperties(null, null, null, "http://localhost/reset?token=", 4, null, 0);
    private final TokenRevocations nothingRevoked = new TokenRevocations() {
        @Override
        public void revokeToken(UUID tokenId, Instant expiresAt) {
        }

        @Override
        public void revokeUserTokensIssuedBefore(UUID userId, Instant cutoff) {
        }

        @Override
        public boolean isRevoked(UUID tokenId, UUID userId, Instant issuedAt) {
            return false;
        }
    };
    private final JwtDecoder decoder = configuration.jwtDecoder(key, properties, nothingRevoked, Clock.systemUTC());

    private String sign(JwtClaimsSet.Builder claims) {
        return configuration.jwtEncoder(key)
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build())).getTokenValue();
    }

    private JwtClaimsSet.Builder claims() {
        return JwtClaimsSet.builder().issuer(properties.jwt().issuer()).subject(UUID.randomUUID().toString())
                .id(UUID.randomUUID().toString()).claim(JwtConfiguration.CLAIM_ROLE, "attendee")
                .claim(JwtConfiguration.CLAIM_ISSUED_MS, System.currentTimeMillis());
    }

    @Test
    void acceptsATokenWithIssueAndExpiryTimes() {
        Instant now = Instant.now();
        assertThat(decoder.decode(sign(claims().issuedAt(now).expiresAt(now.plusSeconds(60)))).getSubject()).isNotBlank();
    }

    @Test
    void refusesATokenWithoutExpiry() {
        String eternal = sign(claims().issuedAt(Instant.now()));

        assertThatThrownBy(() -> decoder.decode(eternal)).isInstanceOfSatisfying(JwtValidationException.class,
                e -> assertThat(e.getErrors()).anySatisfy(error -> assertThat(error.getDescription()).contains("exp")));
    }

    @Test
    void refusesATokenWithoutIssueTime() {
        String undated = sign(claims().expiresAt(Instant.now().plusSeconds(60)));

        assertThatThrownBy(() -> decoder.decode(undated)).isInstanceOfSatisfying(JwtValidationException.class,
                e -> assertThat(e.getErrors()).anySatisfy(error -> assertThat(error.getDescription()).contains("iat")));
    }
}
