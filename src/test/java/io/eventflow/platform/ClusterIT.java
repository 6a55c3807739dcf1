package io.eventflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestInfrastructure;

/**
 * Two EventFlow nodes sharing PostgreSQL and Redis, as behind a load balancer: a client's rate limit
 * and a logout hold on both, whichever node a request lands on.
 */
class ClusterIT {

    private static final Nodes nodes = new Nodes();
    private static Api nodeA;
    private static Api nodeB;

    @BeforeAll
    static void startTwoNodes() {
        Map<String, Object> cluster = Map.ofEntries(
                // a key space of this class alone, so no other test's buckets interfere
                Map.entry("eventflow.redis.key-prefix", TestInfrastructure.redisPrefix() + "cluster-" + UUID.randomUUID() + ":"),
                Map.entry("eventflow.rate-limit.enabled", "true"),
                Map.entry("eventflow.rate-limit.groups.auth.limits[0].capacity", "3"),
                Map.entry("eventflow.rate-limit.groups.auth.limits[0].period", "1m"),
                Map.entry("eventflow.rate-limit.groups.auth.limits[1].capacity", "1000"),
                Map.entry("eventflow.rate-limit.groups.auth.limits[1].period", "1h"),
                Map.entry("eventflow.rate-limit.groups.writes.limits[0].capacity", "4"),
                Map.entry("eventflow.rate-limit.groups.writes.limits[0].period", "1m"),
                Map.entry("eventflow.rate-limit.groups.writes.limits[1].capacity", "1000"),
                Map.entry("eventflow.rate-limit.groups.writes.limits[1].period", "1d"),
                Map.entry("eventflow.rate-limit.groups.handshakes.limits[0].capacity", "3"),
                Map.entry("eventflow.rate-limit.groups.handshakes.limits[0].period", "1m"));
        nodeA = nodes.start(cluster);
        nodeB = nodes.start(cluster);
    }

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    @Test
    void aClientsLoginLimitHoldsAcrossBothNodes() {
        Api clientOnA = nodeA.from("203.0.113.10");
        Api clientOnB = nodeB.from("203.0.113.10");
        Map<String, String> badLogin = Map.of("username", "nobody", "password", "wrong-password");

        for (int i = 0; i < 3; i++) {
            Api node = i % 2 == 0 ? clientOnA : clientOnB;
            assertThat(node.post("/api/v1/auth/login").json(badLogin).send().status()).isEqualTo(401);
        }
        Response limitedOnA = clientOnA.post("/api/v1/auth/login").json(badLogin).send();
        Response limitedOnB = clientOnB.post("/api/v1/auth/login").json(badLogin).send();

        for (Response limited : new Response[] {limitedOnA, limitedOnB}) {
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.contentType()).isEqualTo("application/problem+json");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(limited.body().get("detail").asString()).contains("auth");
        }
        // another client is not affected
        assertThat(nodeA.from("203.0.113.11").post("/api/v1/auth/login").json(badLogin).send().status()).isEqualTo(401);
    }

    @Test
    void webSocketHandshakesAreLimitedPerAddressAndAHeadCountsAsAGet() {
        Api client = nodeA.from("203.0.113.20");
        assertThat(client.get("/ws/events").send().status()).isNotEqualTo(429);
        assertThat(nodeB.from("203.0.113.20").get("/ws/events").send().status()).isNotEqualTo(429);
        assertThat(client.method("HEAD", "/ws/events").send().status()).isNotEqualTo(429); // HEAD is not a way around it

        Response limited = client.get("/ws/events").send();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("detail").asString()).contains("handshakes");
        assertThat(nodeA.from("203.0.113.21").get("/ws/events").send().status()).isNotEqualTo(429);
    }

    @Test
    void aSignedInUserIsLimitedAsOneUserFromAnyAddressAndNode() {
        Session user = nodeA.from("198.51.100.1").register("attendee"); // the registration itself is a write
        Map<String, String> rename = Map.of("username", user.username());

        for (int i = 0; i < 4; i++) { // the user's write bucket holds 4, whichever address or node asks
            Api node = (i % 2 == 0 ? nodeA : nodeB).from("198.51.100." + (10 + i));
            assertThat(node.patch("/api/v1/users/me").bearer(user).json(rename).send().status()).isEqualTo(200);
        }
        Response fifth = nodeA.from("198.51.100.99").patch("/api/v1/users/me").bearer(user).json(rename).send();

        assertThat(fifth.status()).isEqualTo(429);
        // reads are another group: still allowed
        assertThat(nodeB.get("/api/v1/users/me").bearer(user).send().status()).isEqualTo(200);
    }

    @Test
    void aLogoutOnOneNodeRevokesTheTokenOnTheOther() {
        Session user = nodeA.from("192.0.2.1").register("attendee");
        assertThat(nodeB.get("/api/v1/auth/validate").bearer(user).send().status()).isEqualTo(200);

        nodeA.from("192.0.2.1").post("/api/v1/auth/logout").bearer(user).send().expect(204);

        assertThat(nodeB.get("/api/v1/auth/validate").bearer(user).send().status()).isEqualTo(401);
        assertThat(nodeB.from("192.0.2.1").post("/api/v1/auth/refresh")
                .json(Map.of("refresh_token", user.refreshToken())).send().status()).isEqualTo(401);
    }
}
