package io.eventflow.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.SecretKey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;
import io.eventflow.platform.Vendor;
import io.eventflow.platform.redis.ConditionalOnRedis;
import io.eventflow.platform.redis.RedisKeys;

/**
 * Access tokens: HS256 JWTs signed with {@link SigningKeys}. The decoder accepts only HS256 with our
 * key (so {@code alg: none} and foreign keys fail), checks issuer and lifetime against the injected
 * clock, and asks {@link TokenRevocations} whether the token was revoked.
 */
@Configuration(proxyBeanMethods = false)
public class JwtConfiguration {

    public static final String CLAIM_ROLE = "role";
    public static final String CLAIM_USERNAME = "preferred_username";
    /** Issue time in milliseconds: {@code iat} has whole seconds, too coarse to order a login after a reset. */
    public static final String CLAIM_ISSUED_MS = "iat_ms";

    @Bean
    SecretKey jwtSigningKey(IdentityProperties properties) {
        return SigningKeys.load(properties.jwt());
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey jwtSigningKey) {
        return NimbusJwtEncoder.withSecretKey(jwtSigningKey).algorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey jwtSigningKey, IdentityProperties properties, TokenRevocations revocations,
            Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(jwtSigningKey).macAlgorithm(MacAlgorithm.HS256).build();
        // the issuer is a name, not a URL: left as it is, the default conversion tried (and failed) to parse it as
        // one on every request, throwing an exception each time
        Converter<Object, ?> asIs = value -> value;
        MappedJwtClaimSetConverter claims = MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, asIs));
        // the conversion invents "iat" (exp - 1 s) for a token without one; the check below must see it missing
        decoder.setClaimSetConverter(raw -> {
            Map<String, Object> converted = claims.convert(raw);
            if (!raw.containsKey(JwtClaimNames.IAT) && converted != null) {
                converted.remove(JwtClaimNames.IAT);
            }
            return converted;
        });
        JwtTimestampValidator lifetime = new JwtTimestampValidator(Duration.ofSeconds(30));
        lifetime.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                required(JwtClaimNames.EXP), required(JwtClaimNames.IAT),
                lifetime, new JwtIssuerValidator(properties.jwt().issuer()), notRevoked(revocations))));
        return decoder;
    }

    /**
     * EventFlow issues every token with both; the timestamp check alone passes a token without {@code exp} (one
     * re-signed with a leaked key would never expire), and revocation by issue time needs {@code iat}.
     */
    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return new JwtClaimValidator<Object>(claim, Objects::nonNull);
    }

    private static OAuth2TokenValidator<Jwt> notRevoked(TokenRevocations revocations) {
        OAuth2Error revoked = new OAuth2Error("invalid_token", "The token has been revoked", null);
        OAuth2Error malformed = new OAuth2Error("invalid_token", "The token lacks required claims", null);
        return jwt -> {
            UUID tokenId;
            UUID userId;
            Instant issued;
            try {
                tokenId = UUID.fromString(jwt.getId());
                userId = UUID.fromString(jwt.getSubject());
                if (!(jwt.getClaim(CLAIM_ISSUED_MS) instanceof Number issuedMs)) {
                    return OAuth2TokenValidatorResult.failure(malformed);
                }
                issued = Instant.ofEpochMilli(issuedMs.longValue());
                Role.fromWire(jwt.getClaimAsString(CLAIM_ROLE));
            } catch (RuntimeException e) {
                return OAuth2TokenValidatorResult.failure(malformed);
            }
            return revocations.isRevoked(tokenId, userId, issued)
                    ? OAuth2TokenValidatorResult.failure(revoked)
                    : OAuth2TokenValidatorResult.success();
        };
    }

    /** Roles from the {@code role} claim; the principal name is the user id. */
    @Bean
    Converter<Jwt, AbstractAuthenticationToken> jwtAuthenticationConverter() {
        return jwt -> new JwtAuthenticationToken(jwt,
                List.of(new SimpleGrantedAuthority(Role.fromWire(jwt.getClaimAsString(CLAIM_ROLE)).authority())),
                Objects.requireNonNull(jwt.getSubject(), "a verified token has a subject (see notRevoked)"));
    }

    @Bean
    @ConditionalOnRedis(false)
    TokenRevocations databaseTokenRevocations(JdbcClient jdbc, Clock clock, IdentityProperties properties, Vendor vendor) {
        return new DatabaseTokenRevocations(jdbc, clock, properties.jwt().accessTokenTtl(), vendor.isPostgres());
    }

    /** The database stays the record (not a bean of its own: one {@link TokenRevocations} to inject). */
    @Bean
    @ConditionalOnRedis
    TokenRevocations redisTokenRevocations(StringRedisTemplate redis, RedisKeys keys, Clock clock,
            IdentityProperties properties, JdbcClient jdbc, Vendor vendor) {
        DatabaseTokenRevocations database = new DatabaseTokenRevocations(jdbc, clock, properties.jwt().accessTokenTtl(),
                vendor.isPostgres());
        return new RedisTokenRevocations(redis, keys, database, clock,
                new RedisOutage(Duration.ofSeconds(5), System::nanoTime));
    }

    static CurrentUser currentUser(Jwt jwt) {
        String username = Objects.requireNonNull(jwt.getClaimAsString(CLAIM_USERNAME),
                "every token EventFlow signs carries the username (see TokenIssuer)");
        return new CurrentUser(UUID.fromString(jwt.getSubject()), username,
                Role.fromWire(jwt.getClaimAsString(CLAIM_ROLE)));
    }
}
