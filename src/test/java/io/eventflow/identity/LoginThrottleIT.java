package io.eventflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.FormBrowser;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;

/**
 * Credential stuffing against one account from many addresses (the per-address rate limit is off in tests, and would
 * not see it anyway): the login throttle, counted in Redis, on the API, the web form and an older API's login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginThrottleIT {

    private static final String LOGIN = "/api/v1/auth/login";
    private static final String SUBJECT = "Failed sign-ins to your EventFlow account";
    private static final Pattern PAUSED = Pattern.compile(
            "Too many failed sign-ins for this account; try again in (\\d+) seconds or reset your password");

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
    void fiveFailuresFromFiveAddressesPauseTheAccountUntilTheDelayHasPassed() {
        Session user = api.register("attendee");
        failFiveTimes(user.username());

        Response refused = login(api.from("198.51.100.6"), user.username(), user.password());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 30L);
        assertThat(refused.body().get("retry_after_seconds").asLong()).isEqualTo(retryAfter);
        Matcher detail = PAUSED.matcher(refused.body().get("detail").asString());
        assertThat(detail.matches()).isTrue();
        assertThat(Long.parseLong(detail.group(1))).isEqualTo(retryAfter);

        clock.advance(Duration.ofSeconds(31));
        login(api.from("198.51.100.7"), user.username(), user.password()).expect(200);
        // the success ended the run: the next failure is an ordinary one
        login(api.from("198.51.100.8"), user.username(), "not-the-password").expect(401);
    }

    @Test
    void anUnknownIdentifierIsAnsweredExactlyAsAKnownOne() {
        Session user = api.register("attendee");
        String unknown = "nobody-" + user.username();

        for (int i = 1; i <= 5; i++) {
            Response known = login(api.from("198.51.100." + i), user.username(), "not-the-password");
            Response nobody = login(api.from("198.51.100." + i), unknown, "not-the-password");
            assertThat(nobody.status()).isEqualTo(known.status()).isEqualTo(401);
            assertThat(nobody.body().get("detail")).isEqualTo(known.body().get("detail"));
        }
        Response known = login(api, user.username(), user.password());
        Response nobody = login(api, unknown, user.password());

        assertThat(nobody.status()).isEqualTo(known.status()).isEqualTo(429);
        assertThat(nobody.contentType()).isEqualTo(known.contentType());
        assertThat(nobody.body().get("title")).isEqualTo(known.body().get("title"));
        // the same words; the seconds left may differ by one, as the second attempt came a moment later
        assertThat(withoutNumbers(nobody.body().get("detail").asString()))
                .isEqualTo(withoutNumbers(known.body().get("detail").asString()));
        assertThat(Long.parseLong(nobody.header("Retry-After"))).isBetween(1L, 30L);
        assertThat(Long.parseLong(known.header("Retry-After"))).isBetween(1L, 30L);
    }

    @Test
    void theOwnerIsMailedOnceWithTheCountAndTheTimeAndNoMailGoesToAnUnknownAddress() throws Exception {
        Session user = api.register("attendee");
        String ghost = "ghost-" + user.email();
        failFiveTimes(user.email().toUpperCase());
        failFiveTimes(ghost);
        for (int i = 0; i < 3; i++) { // refused while paused: no further mail
            assertThat(login(api, user.username(), "not-the-password").status()).isIn(401, 429);
            assertThat(login(api, user.email(), "not-the-password").status()).isEqualTo(429);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> pauseMailsTo(user.email()).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> pauseMailsTo(user.email()).size() == 1);
        MimeMessage mail = pauseMailsTo(user.email()).getFirst();
        String body = GreenMailUtil.getBody(mail).replace("=\r\n", "");
        assertThat(mail.getAllRecipients()).hasSize(1);
        assertThat(body).contains(user.username()).contains("5 failed attempts").contains("UTC")
                .contains("30 seconds").contains("Forgot your password?");
        assertThat(pauseMailsTo(ghost)).isEmpty();
    }

    @Test
    void aPasswordResetEndsThePauseAtOnce() {
        Session user = api.register("attendee");
        failFiveTimes(user.username());
        assertThat(login(api, user.username(), user.password()).status()).isEqualTo(429);

        // forgot-password is not held up by the pause
        api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        String token = awaitResetToken(user.email());
        api.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "a-new-password-1"))
                .send().expect(204);

        await().atMost(Duration.ofSeconds(5)).until(() -> login(api, user.username(), "a-new-password-1").status() == 200);
    }

    @Test
    void theWebSignInFormIsThrottledAndSaysSo() {
        Session user = api.register("attendee");
        FormBrowser browser = new FormBrowser();
        for (int i = 0; i < 5; i++) {
            assertThat(signInLocation(browser, user.username(), "not-the-password")).endsWith("/login?error");
        }

        String location = signInLocation(browser, user.username(), user.password());

        assertThat(location).contains("throttled");
        String page = browser.get(api, location.substring(location.indexOf("/login"))).body();
        assertThat(page).containsPattern("Too many failed sign-ins for this account; try again in \\d+ seconds");
        assertThat(browser.status(api, "/profile")).isEqualTo(302); // not signed in
        assertThat(login(api, user.username(), user.password()).status()).isEqualTo(429); // one count for every door
    }

    @Test
    void failuresAddUpAcrossTheApiTheWebFormAndAnOlderApisLoginWhichAnswersInItsDialect() {
        Session user = api.register("attendee");
        login(api.from("198.51.100.1"), user.username(), "not-the-password").expect(401);
        login(api.from("198.51.100.2"), user.email(), "not-the-password").expect(401);
        FormBrowser browser = new FormBrowser();
        assertThat(signInLocation(browser, user.username(), "not-the-password")).endsWith("/login?error");
        assertThat(signInLocation(browser, user.username().toUpperCase(), "not-the-password")).endsWith("/login?error");
        gatewayLogin(user.username(), "not-the-password").expect(401);
        login(api.from("198.51.100.3"), user.username(), "not-the-password").expect(401);

        Response refused = gatewayLogin(user.username(), user.password());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/json"); // seed 003's error shape, not problem+json
        assertThat(refused.body().get("detail").asString()).matches(PAUSED);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 30L);
    }

    private void failFiveTimes(String identifier) {
        for (int i = 1; i <= 5; i++) {
            login(api.from("198.51.100." + i), identifier, "not-the-password").expect(401);
        }
    }

    private static Response login(Api from, String identifier, String password) {
        return from.post(LOGIN).json(Map.of("username", identifier, "password", password)).send();
    }

    /** Seed 003's gateway login (a form post) on EventFlow's own port. */
    private Response gatewayLogin(String username, String password) {
        return api.post("/auth/login").form(Map.of("username", username, "password", password)).send();
    }

    private String signInLocation(FormBrowser browser, String username, String password) {
        String csrf = FormBrowser.csrf(browser.get(api, "/login").body());
        HttpResponse<String> posted = browser.post(api, "/login",
                Map.of("username", username, "password", password, "_csrf", csrf));
        assertThat(posted.statusCode()).isEqualTo(302);
        return posted.headers().firstValue("Location").orElseThrow();
    }

    private static String withoutNumbers(String text) {
        return text.replaceAll("\\d+", "N");
    }

    private static List<MimeMessage> pauseMailsTo(String email) {
        return Arrays.stream(TestInfrastructure.mail().getReceivedMessages()).filter(m -> {
            try {
                return SUBJECT.equals(m.getSubject())
                        && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email));
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static String awaitResetToken(String email) {
        Pattern token = Pattern.compile("token=([A-Za-z0-9_-]{43})");
        return await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(TestInfrastructure.mail().getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email));
                    } catch (MessagingException e) {
                        return false;
                    }
                })
                .map(m -> token.matcher(GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "=")))
                .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null), t -> t != null);
    }
}
