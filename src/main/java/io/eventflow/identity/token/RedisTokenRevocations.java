package io.eventflow.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.eventflow.platform.redis.RedisKeys;

/**
 * Revocations in Redis: every node sees a logout at once, with one round trip (MGET) per request.
 * Keys expire with the tokens they revoke, so the set never grows beyond the tokens alive.
 */
class RedisTokenRevocations implements TokenRevocations {

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration accessTokenTtl;

    RedisTokenRevocations(StringRedisTemplate redis, RedisKeys keys, Clock clock, Duration accessTokenTtl) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.accessTokenTtl = accessTokenTtl;
    }

    @Override
    public void revokeToken(UUID tokenId, Instant expiresAt) {
        Duration ttl = Duration.between(clock.instant(), expiresAt).plusMinutes(1);
        if (!ttl.isNegative()) {
            redis.opsForValue().set(tokenKey(tokenId), "1", ttl);
        }
    }

    @Override
    public void revokeUserTokensIssuedBefore(UUID userId, Instant cutoff) {
        redis.opsForValue().set(userKey(userId), Long.toString(cutoff.toEpochMilli()), accessTokenTtl.plusMinutes(5));
    }

    @Override
    public boolean isRevoked(UUID tokenId, UUID userId, Instant issuedAt) {
        List<@Nullable String> values = redis.opsForValue().multiGet(List.of(tokenKey(tokenId), userKey(userId)));
        if (values == null) {
            return false;
        }
        if (values.get(0) != null) {
            return true;
        }
        String cutoff = values.get(1);
        return cutoff != null && Long.parseLong(cutoff) > issuedAt.toEpochMilli();
    }

    private String tokenKey(UUID tokenId) {
        return keys.key("revoked", "token", tokenId.toString());
    }

    private String userKey(UUID userId) {
        return keys.key("revoked", "user", userId.toString());
    }
}
