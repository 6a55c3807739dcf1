package io.eventflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;

/**
 * Token revocation kept in PostgreSQL, for a deployment without Redis: a logout, a role change and
 * an account deletion take effect at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eventflow.redis.enabled=false")
class DatabaseRevocationIT {

    @LocalServerPort
    int port;
    @Autowired
    TokenRevocations revocations;
    @Autowired
    TransactionTemplate transactions;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void revocationsLiveInTheDatabaseWhenRedisIsNotConfigured() {
        assertThat(revocations).isInstanceOf(DatabaseTokenRevocations.class);
    }

    @Test
    void aLogoutRevokesTheTokenAndARepeatedLogoutIsHarmless() {
        Session user = api.register("attendee");
        Session other = api.login(user.username(), user.password());

        api.post("/api/v1/auth/logout").bearer(user).send().expect(204);

        assertThat(api.get("/api/v1/auth/validate").bearer(user).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/logout").bearer(user).send().status()).isEqualTo(401);
        // only that access token is revoked; the other device's access token lives until it expires
        assertThat(api.get("/api/v1/auth/validate").bearer(other).send().status()).isEqualTo(200);
        api.post("/api/v1/auth/logout").bearer(other).send().expect(204);
    }

    @Test
    void concurrentLogoutsWithOneTokenNeverConflict() throws Exception {
        for (int round = 0; round < 5; round++) {
            Session user = api.register("attendee");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> api.post("/api/v1/auth/logout").bearer(user).send().status()));
                }
                for (java.util.concurrent.Future<Integer> call : calls) {
                    assertThat(call.get()).isIn(204, 401);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(api.get("/api/v1/auth/validate").bearer(user).send().status()).isEqualTo(401);
        }
    }

    @Test
    void concurrentCutoffsForOneUserNeverConflictAndTheLatestWins() throws Exception {
        DatabaseTokenRevocations database = (DatabaseTokenRevocations) revocations;
        for (int round = 0; round < 20; round++) {
            UUID user = UUID.randomUUID();
            Instant base = Instant.parse("2026-01-01T00:00:00Z");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    Instant cutoff = base.plusSeconds(i);
                    writes.add(pool.submit(() -> {
                        start.await();
                        transactions.executeWithoutResult(tx -> database.revokeUserTokensIssuedBefore(user, cutoff));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> write : writes) {
                    write.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(database.isRevoked(UUID.randomUUID(), user, base.plusSeconds(5).minusMillis(1))).isTrue();
            assertThat(database.isRevoked(UUID.randomUUID(), user, base.plusSeconds(5))).isFalse();
        }
    }

    @Test
    void deletingTheAccountRevokesAllItsAccessTokens() {
        Session user = api.register("attendee");
        Session other = api.login(user.username(), user.password());

        api.delete("/api/v1/users/me".replace("me", user.userId().toString())).bearer(user).send().expect(204);

        assertThat(api.get("/api/v1/auth/validate").bearer(other).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", other.refreshToken())).send().status())
                .isEqualTo(401);
    }
}
