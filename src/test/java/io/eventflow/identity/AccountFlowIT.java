package io.eventflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestClock;

/** Registration, login, refresh, logout and validation against the real PostgreSQL and Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountFlowIT {

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void registersUserAndReturnsTokensButNeverThePasswordHash() {
        Response response = api.post("/api/v1/auth/register")
                .json(Map.of("username", "Grace.Hopper", "email", "Grace@Example.com", "password", "cobol-rules-1959"))
                .send();

        response.expect(201);
        assertThat(response.header("Location")).startsWith("/api/v1/users/");
        assertThat(response.body().get("token_type").asString()).isEqualTo("bearer");
        assertThat(response.body().get("expires_in").asLong()).isEqualTo(900);
        assertThat(response.body().at("/user/role").asString()).isEqualTo("attendee");
        assertThat(response.body().at("/user/email").asString()).isEqualTo("grace@example.com");
        assertThat(response.text()).doesNotContain("cobol-rules-1959").doesNotContain("password").doesNotContain("$2a$");

        String token = response.body().get("access_token").asString();
        Response me = api.get("/api/v1/users/me").bearer(token).send().expect(200);
        assertThat(me.body().get("username").asString()).isEqualTo("Grace.Hopper");
        assertThat(me.text()).doesNotContain("password");
    }

    @Test
    void rejectsDuplicateUsernameIgnoringCaseAndDuplicateEmailWith409() {
        Session existing = api.register("attendee");

        Response sameName = api.post("/api/v1/auth/register")
                .json(Map.of("username", existing.username().toUpperCase(), "email", "other-" + existing.email(), "password", "long-enough-1"))
                .send();
        Response sameEmail = api.post("/api/v1/auth/register")
                .json(Map.of("username", existing.username() + "x", "email", existing.email().toUpperCase(), "password", "long-enough-1"))
                .send();

        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.contentType()).isEqualTo("application/problem+json");
        assertThat(sameName.body().at("/errors/0/field").asString()).isEqualTo("username");
        assertThat(sameEmail.status()).isEqualTo(409);
        assertThat(sameEmail.body().at("/errors/0/field").asString()).isEqualTo("email");
    }

    @Test
    void concurrentRegistrationsOfOneNameCreateExactlyOneAccount() throws Exception {
        String name = "race" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = java.util.stream.IntStream.range(0, 8)
                    .<Callable<Integer>>mapToObj(i -> () -> api.post("/api/v1/auth/register")
                            .json(Map.of("username", name, "email", name + i + "@example.com", "password", "long-enough-1"))
                            .send().status())
                    .toList();
            List<Integer> statuses = pool.invokeAll(attempts).stream().map(AccountFlowIT::join).toList();
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsInvalidEmailShortPasswordAndMissingUsernameNamingEachField() {
        Response response = api.post("/api/v1/auth/register")
                .json(Map.of("email", "not-an-address", "password", "short"))
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.body().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("username", "email", "password");
        assertThat(response.body().get("detail").asString()).contains("username", "email", "password");
    }

    @Test
    void rejectsFieldOfTheWrongTypeNamingTheField() {
        Response response = api.post("/api/v1/auth/register")
                .json("{\"username\":\"typed\",\"email\":\"typed@example.com\",\"password\":{\"nested\":true}}")
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().at("/errors/0/field").asString()).isEqualTo("password");
    }

    @Test
    void rejectsUnknownRoleAndSelfChosenAdminRole() {
        Response unknown = api.post("/api/v1/auth/register")
                .json(Map.of("username", "roleless", "email", "roleless@example.com", "password", "long-enough-1", "role", "king"))
                .send();
        Response admin = api.post("/api/v1/auth/register")
                .json(Map.of("username", "wannabe", "email", "wannabe@example.com", "password", "long-enough-1", "role", "admin"))
                .send();

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().at("/errors/0/field").asString()).isEqualTo("role");
        assertThat(admin.status()).isEqualTo(403);
    }

    @Test
    void logsInByUsernameByEmailAndWithFormPost() {
        Session user = api.register("organizer");

        Response byName = api.post("/api/v1/auth/login").json(Map.of("username", user.username(), "password", user.password())).send();
        Response byEmail = api.post("/api/v1/auth/login").json(Map.of("email", user.email(), "password", user.password())).send();
        Response byForm = api.post("/api/v1/auth/login").form(Map.of("username", user.email(), "password", user.password())).send();

        assertThat(List.of(byName.status(), byEmail.status(), byForm.status())).containsOnly(200);
        assertThat(byForm.body().at("/user/role").asString()).isEqualTo("organizer");
        assertThat(byForm.body().get("access_token").asString()).isNotBlank();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Session user = api.register("attendee");

        Response wrongPassword = api.post("/api/v1/auth/login").json(Map.of("username", user.username(), "password", "not-the-password")).send();
        Response unknownUser = api.post("/api/v1/auth/login").json(Map.of("username", "nobody-" + user.username(), "password", "not-the-password")).send();

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.body().get("detail")).isEqualTo(unknownUser.body().get("detail"));
        assertThat(wrongPassword.body().get("title")).isEqualTo(unknownUser.body().get("title"));
    }

    @Test
    void refreshRotatesTheTokenAndAReplayEndsTheWholeSession() {
        Session user = api.register("attendee");

        Response first = api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", user.refreshToken())).send().expect(200);
        String rotated = first.body().get("refresh_token").asString();
        String newAccess = first.body().get("access_token").asString();
        assertThat(rotated).isNotEqualTo(user.refreshToken());
        api.get("/api/v1/users/me").bearer(newAccess).send().expect(200);

        Response replay = api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", user.refreshToken())).send();
        assertThat(replay.status()).isEqualTo(401);

        // the thief's replay revoked the family: the legitimate holder's newer token is dead too
        assertThat(api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", rotated)).send().status()).isEqualTo(401);
        assertThat(api.get("/api/v1/users/me").bearer(newAccess).send().status()).isEqualTo(401);
    }

    @RepeatedTest(5) // concurrent replays once deadlocked on lock order (500s): each round is another chance to show it
    void concurrentRefreshesWithOneTokenYieldAtMostOneNewSession() throws Exception {
        Session user = api.register("attendee");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> attempts = java.util.stream.IntStream.range(0, 12)
                    .<Callable<Integer>>mapToObj(i -> () -> api.post("/api/v1/auth/refresh")
                            .json(Map.of("refresh_token", user.refreshToken())).send().status())
                    .toList();
            List<Integer> statuses = pool.invokeAll(attempts).stream().map(AccountFlowIT::join).toList();
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
            assertThat(statuses).containsOnly(200, 401);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefreshTokenEndedByLogoutIsRefusedWithoutEndingTheNewerSession() {
        Session user = api.register("attendee");
        Session phone = api.login(user.username(), user.password());
        api.post("/api/v1/auth/logout").bearer(user).send().expect(204);
        Session laptop = api.login(user.username(), user.password());

        Response stale = api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", phone.refreshToken())).send();

        assertThat(stale.status()).isEqualTo(401);
        assertThat(api.get("/api/v1/auth/validate").bearer(laptop).send().status()).isEqualTo(200);
        api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", laptop.refreshToken())).send().expect(200);
    }

    @Test
    void logoutRevokesTheAccessTokenAndAllRefreshTokensAtOnce() {
        Session user = api.register("attendee");
        Session otherDevice = api.login(user.username(), user.password());

        api.post("/api/v1/auth/logout").bearer(user).send().expect(204);

        assertThat(api.get("/api/v1/auth/validate").bearer(user).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", user.refreshToken())).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", otherDevice.refreshToken())).send().status()).isEqualTo(401);
        // logging in again works
        api.login(user.username(), user.password());
    }

    @Test
    void validateAnswersWithTheUserForAValidToken() {
        Session user = api.register("organizer");

        Response response = api.get("/api/v1/auth/validate").bearer(user).send().expect(200);

        assertThat(response.body().get("valid").asBoolean()).isTrue();
        assertThat(response.body().at("/user/id").asString()).isEqualTo(user.userId().toString());
    }

    @Test
    void rejectsExpiredTamperedUnsignedAndMissingTokensWith401() {
        Session user = api.register("attendee");
        String[] parts = user.accessToken().split("\\.");

        String tampered = parts[0] + "." + reencode(parts[1], "\"role\":\"attendee\"", "\"role\":\"admin\"") + "." + parts[2];
        String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + reencode(parts[1], "\"role\":\"attendee\"", "\"role\":\"admin\"") + ".";
        String garbage = "not.a.token";

        for (String token : List.of(tampered, unsigned, garbage)) {
            Response response = api.get("/api/v1/users/me").bearer(token).send();
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertThat(api.get("/api/v1/users/me").send().status()).isEqualTo(401);

        clock.advance(Duration.ofMinutes(16));
        assertThat(api.get("/api/v1/users/me").bearer(user).send().status()).isEqualTo(401);
    }

    @Test
    void expiredRefreshTokenIsRefused() {
        Session user = api.register("attendee");
        clock.advance(Duration.ofDays(15));

        Response response = api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", user.refreshToken())).send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("detail").asString()).contains("expired");
    }

    private static String reencode(String part, String from, String to) {
        String json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        assertThat(json).contains(from);
        return base64(json.replace(from, to));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
