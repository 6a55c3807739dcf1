package io.eventflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Nodes;
import io.eventflow.support.TcpProxy;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.WsClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Revocations with Redis, when Redis loses them: nodes A and B share PostgreSQL and Redis (under a key prefix of
 * this class alone); node C reaches the same Redis through a relay the test can cut. "Redis restarted empty" is
 * played by deleting every key of the prefix, the marker included — the other runs' keys on the shared server stay.
 */
class RevocationsSurviveRedisLossIT {

    private static final Nodes nodes = new Nodes();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static String prefix;
    private static TcpProxy relay;
    private static Api nodeA;
    private static Api nodeB;
    private static Api nodeC;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void startNodes() {
        prefix = TestInfrastructure.redisPrefix() + "revocations-" + UUID.randomUUID() + ":";
        nodeA = nodes.start(Map.of("eventflow.redis.key-prefix", prefix));
        nodeB = nodes.start(Map.of("eventflow.redis.key-prefix", prefix));
        relay = new TcpProxy(System.getProperty("spring.data.redis.host"),
                Integer.parseInt(System.getProperty("spring.data.redis.port")));
        // a short command timeout, so that a check waits a second, not a minute, before it turns to the database
        nodeC = nodes.start(Map.of("eventflow.redis.key-prefix", prefix, "spring.data.redis.port", relay.port(),
                "spring.data.redis.timeout", "1s"));
        redis = nodes.context(nodeA).getBean(StringRedisTemplate.class);
    }

    @AfterEach
    void reconnectNodeC() {
        relay.restore();
    }

    @AfterAll
    static void stopNodes() {
        deleteKeysOfThisTest(); // while the nodes still run: the template is one of theirs
        nodes.close();
        relay.close();
    }

    /** Redis restarted empty, as far as this test's nodes can tell: every key under its prefix is gone. */
    private static void deleteKeysOfThisTest() {
        List<String> ours = new ArrayList<>();
        try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
            keys.forEachRemaining(ours::add);
        }
        if (!ours.isEmpty()) {
            redis.delete(ours);
        }
        assertThat(redis.hasKey(prefix + "revoked:loaded")).isFalse();
    }

    private static int validate(Api node, Session session) {
        return node.get("/api/v1/auth/validate").bearer(session).send().status();
    }

    /** The {@code jti} claim, read from the token's payload as any client could. */
    private static String tokenId(Session session) {
        String payload = session.accessToken().split("\\.")[1];
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload)).get("jti").asString();
    }

    private static void awaitReseeded() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            validate(nodeA, nodeA.register("attendee")); // a check notices the missing marker and starts the copy
            assertThat(redis.hasKey(prefix + "revoked:loaded")).isTrue();
        });
    }

    @Test
    void aLogoutStillHoldsOnTheOtherNodeAfterRedisLostEverything() {
        Session user = nodeA.register("attendee");
        Session bystander = nodeA.register("attendee");
        assertThat(validate(nodeB, user)).isEqualTo(200);
        nodeA.post("/api/v1/auth/logout").bearer(user).send().expect(204);

        deleteKeysOfThisTest();

        assertThat(validate(nodeB, user)).isEqualTo(401);
        assertThat(validate(nodeA, user)).isEqualTo(401);
        assertThat(validate(nodeB, bystander)).as("the database refuses only what was revoked").isEqualTo(200);
        try (WsClient socket = WsClient.connect(nodeB, "/ws/notifications?token=" + user.accessToken())) {
            assertThat(socket.next("error").get("message").asString()).contains("revoked");
            assertThat(socket.awaitClose().code()).isEqualTo(4401);
        }

        // a logout while Redis is being filled again is not lost either
        nodeB.post("/api/v1/auth/logout").bearer(bystander).send().expect(204);
        awaitReseeded();
        assertThat(validate(nodeA, bystander)).isEqualTo(401);
        assertThat(validate(nodeB, user)).isEqualTo(401);
        assertThat(validate(nodeB, nodeB.register("attendee"))).isEqualTo(200);
    }

    @Test
    void theCopyPutsTheRevocationsBackIntoRedis() {
        Session user = nodeA.register("attendee");
        Session other = nodeA.login(user.username(), user.password());
        nodeA.post("/api/v1/auth/logout").bearer(user).send().expect(204);
        deleteKeysOfThisTest();

        awaitReseeded();

        assertThat(redis.hasKey(prefix + "revoked:token:" + tokenId(user))).isTrue();
        assertThat(redis.getExpire(prefix + "revoked:loaded")).as("a copy is trusted for a while, then made again")
                .isBetween(1L, RedisTokenRevocations.MARKER_TTL.toSeconds());
        // the logout also ended the user's other sessions' refresh tokens, not their access tokens
        assertThat(validate(nodeB, other)).isEqualTo(200);
        assertThat(validate(nodeB, user)).isEqualTo(401);
    }

    @Test
    void aPasswordChangeStillEndsTheOldTokensAfterRedisLostEverything() {
        Session user = nodeA.register("attendee");
        Session otherDevice = nodeA.login(user.username(), user.password());
        try (WsClient bell = WsClient.connect(nodeB, "/ws/notifications?token=" + otherDevice.accessToken())) {
            bell.assertOpen();
            nodeA.patch("/api/v1/users/me").bearer(user)
                    .json(Map.of("password", "a-new-password-1", "current_password", user.password())).send().expect(200);
            assertThat(bell.awaitClose().code()).as("its connections close on every node").isEqualTo(4401);
        }

        deleteKeysOfThisTest();

        assertThat(validate(nodeB, otherDevice)).isEqualTo(401);
        assertThat(validate(nodeB, user)).isEqualTo(401);
        Session fresh = nodeB.login(user.username(), "a-new-password-1");
        assertThat(validate(nodeB, fresh)).isEqualTo(200);
        awaitReseeded();
        assertThat(validate(nodeA, otherDevice)).isEqualTo(401);
        assertThat(validate(nodeA, fresh)).isEqualTo(200);
    }

    @Test
    void aDeletedAccountsTokensStayRefusedAfterRedisLostEverything() {
        Session user = nodeA.register("attendee");
        Session otherDevice = nodeA.login(user.username(), user.password());
        nodeA.delete("/api/v1/users/" + user.userId()).bearer(user).send().expect(204);

        deleteKeysOfThisTest();

        assertThat(validate(nodeB, otherDevice)).isEqualTo(401);
        awaitReseeded();
        assertThat(validate(nodeB, otherDevice)).isEqualTo(401);
    }

    @Test
    void aNodeThatCannotReachRedisChecksTheDatabaseAndCatchesRedisUpLater() {
        Session loggedOutOnA = nodeA.register("attendee");
        Session loggedOutOnC = nodeA.register("attendee");
        Session bystander = nodeA.register("attendee");
        nodeA.post("/api/v1/auth/logout").bearer(loggedOutOnA).send().expect(204);
        assertThat(validate(nodeC, loggedOutOnA)).isEqualTo(401);

        relay.cut();

        assertThat(validate(nodeC, loggedOutOnA)).isEqualTo(401);
        assertThat(validate(nodeC, bystander)).isEqualTo(200);
        // a revocation made while this node cannot write to Redis holds here at once ...
        nodeC.post("/api/v1/auth/logout").bearer(loggedOutOnC).send().expect(204);
        assertThat(validate(nodeC, loggedOutOnC)).isEqualTo(401);

        relay.restore();

        // ... and on the other nodes once it reaches Redis again: it drops the marker and Redis is filled anew
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            validate(nodeC, bystander);
            assertThat(validate(nodeA, loggedOutOnC)).isEqualTo(401);
        });
        awaitReseeded();
        assertThat(validate(nodeB, loggedOutOnC)).isEqualTo(401);
        assertThat(validate(nodeC, bystander)).isEqualTo(200);
    }
}
