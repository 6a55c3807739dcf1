package io.eventflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;

/** The forgotten-password flow, with the mail delivered over SMTP to GreenMail. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PasswordResetIT {

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    DataSource dataSource;
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
    void mailsASingleUseLinkThatSetsANewPasswordAndEndsAllSessions() throws Exception {
        Session user = api.register("attendee");

        Response accepted = api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email().toUpperCase())).send();
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.text()).isEmpty();

        String token = awaitResetToken(user.email());
        api.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "fresh-password-1")).send().expect(204);

        assertThat(api.get("/api/v1/users/me").bearer(user).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", user.refreshToken())).send().status()).isEqualTo(401);
        api.login(user.username(), "fresh-password-1");

        Response again = api.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "third-password-1")).send();
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().at("/errors/0/field").asString()).isEqualTo("token");
    }

    @Test
    void answersUnknownAddressesExactlyLikeKnownOnesAndSendsNothing() {
        Session user = api.register("attendee");

        Response unknown = api.post("/api/v1/auth/forgot-password").json(Map.of("email", "ghost-" + user.email())).send();
        Response known = api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send();

        assertThat(known.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.text()).isEqualTo(known.text());
        awaitResetToken(user.email()); // asked for after the ghost's: a ghost mail would have had its chance
        TestInfrastructure.mail().waitForIncomingEmail(500, Integer.MAX_VALUE);
        assertThat(mailsTo("ghost-" + user.email())).isEmpty();
    }

    @Test
    void oneInboxGetsAtMostThreeResetMailsAnHourHoweverManyClientsAsk() {
        Session user = api.register("attendee");

        for (int client = 1; client <= 8; client++) {
            Response asked = api.from("203.0.113." + client).post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send();
            assertThat(asked.status()).isEqualTo(202); // the answer never tells: the limit is not an oracle either
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (resetMailsTo(user.email()) < 3 && System.nanoTime() < deadline) {
            TestInfrastructure.mail().waitForIncomingEmail(200, Integer.MAX_VALUE);
        }
        TestInfrastructure.mail().waitForIncomingEmail(1000, Integer.MAX_VALUE); // time for any fourth to arrive
        assertThat(resetMailsTo(user.email())).isEqualTo(3);
    }

    private long resetMailsTo(String email) {
        return Arrays.stream(mailsTo(email)).filter(m -> {
            try {
                return "Reset your EventFlow password".equals(m.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).count();
    }

    @Test
    void answersAKnownAddressWithoutWaitingForItsLinkToBeIssued() throws Exception {
        Session user = api.register("attendee");
        try (Connection blocker = dataSource.getConnection()) {
            // while nobody can write a reset link, a known address is still answered: nothing in the answer (nor
            // its timing) depends on the account's work, which an unknown address would not have had
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE password_reset_tokens IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Response> known = CompletableFuture.supplyAsync(
                    () -> api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send());

            assertThat(known.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
            blocker.rollback();
        }
        awaitResetToken(user.email()); // issued once the table is free again
    }

    @Test
    void theWebPagesMailALinkWhosePageSetsTheNewPassword() throws Exception {
        Session user = api.register("attendee");
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

        String forgotPage = page(browser, "/forgot-password");
        java.net.http.HttpResponse<String> sent = post(browser, "/forgot-password",
                "email=" + java.net.URLEncoder.encode(user.email(), java.nio.charset.StandardCharsets.UTF_8) + "&_csrf=" + csrf(forgotPage));
        assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith("/forgot-password?sent");
        String token = awaitResetToken(user.email());

        // the mailed link's page: a wrong repetition, then a forged token, are explained on the page
        String resetPage = page(browser, "/reset-password?token=" + token);
        assertThat(resetPage).contains("name=\"token\"").contains(token);
        assertThat(post(browser, "/reset-password", "token=" + token + "&password=fresh-web-pass-1&confirmPassword=other-pass-1&_csrf="
                + csrf(resetPage)).body()).contains("The two passwords differ");
        assertThat(post(browser, "/reset-password", "token=forged&password=fresh-web-pass-1&confirmPassword=fresh-web-pass-1&_csrf="
                + csrf(resetPage)).body()).contains("invalid, expired or already used");
        java.net.http.HttpResponse<String> done = post(browser, "/reset-password",
                "token=" + token + "&password=fresh-web-pass-1&confirmPassword=fresh-web-pass-1&_csrf=" + csrf(resetPage));

        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/login?reset");
        api.login(user.username(), "fresh-web-pass-1");
        assertThat(api.get("/api/v1/users/me").bearer(user).send().status()).isEqualTo(401); // the old session ended
    }

    private String page(java.net.http.HttpClient browser, String path) throws Exception {
        java.net.http.HttpResponse<String> response = browser.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.base() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private java.net.http.HttpResponse<String> post(java.net.http.HttpClient browser, String path, String form) throws Exception {
        return browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field").isTrue();
        return java.net.URLEncoder.encode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anExpiredLinkIsRefused() {
        Session user = api.register("attendee");
        api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        String token = awaitResetToken(user.email());

        clock.advance(Duration.ofMinutes(31));
        Response response = api.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "too-late-pass")).send();

        assertThat(response.status()).isEqualTo(400);
        api.login(user.username(), user.password());
    }

    @Test
    void aNewerLinkMakesTheOlderOneWorthless() {
        Session user = api.register("attendee");
        api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        String first = awaitResetToken(user.email());
        api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        String second = awaitResetTokenOtherThan(user.email(), first);

        assertThat(api.post("/api/v1/auth/reset-password").json(Map.of("token", first, "new_password", "old-link-pass")).send().status())
                .isEqualTo(400);
        api.post("/api/v1/auth/reset-password").json(Map.of("token", second, "new_password", "new-link-pass")).send().expect(204);
    }

    @Test
    void aShortNewPasswordIsRejectedAndTheTokenStaysUsable() {
        Session user = api.register("attendee");
        api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        String token = awaitResetToken(user.email());

        Response shortPassword = api.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "short")).send();

        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body().at("/errors/0/field").asString()).isEqualTo("new_password");
        api.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "long-enough-now")).send().expect(204);
    }

    @Test
    void theResetMailGoesToTheAccountsAddressAloneAndAddressesTheUser() throws Exception {
        Session user = api.register("attendee");
        api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        awaitResetToken(user.email());

        MimeMessage mail = Arrays.stream(mailsTo(user.email())).filter(m -> {
            try {
                return m.getSubject().equals("Reset your EventFlow password");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).findFirst().orElseThrow(); // the welcome mail goes to the same address
        assertThat(mail.getSubject()).isEqualTo("Reset your EventFlow password");
        assertThat(mail.getAllRecipients()).hasSize(1);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("Cc")).isNull();
        assertThat(GreenMailUtil.getBody(mail)).contains(user.username());
    }

    @Test
    void aLinkMailedBeforeTheAddressChangedNoLongerWorks() {
        Session user = api.register("attendee");
        api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        String token = awaitResetToken(user.email());

        api.patch("/api/v1/users/me").bearer(user)
                .json(Map.of("email", "moved-" + user.email(), "current_password", user.password())).send().expect(200);

        assertThat(api.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "hijacked-pass")).send().status())
                .isEqualTo(400);
    }

    private String awaitResetToken(String email) {
        return awaitResetTokenOtherThan(email, null);
    }

    private String awaitResetTokenOtherThan(String email, String previous) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage mail : mailsTo(email)) {
                Matcher matcher = TOKEN.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "="));
                if (matcher.find() && !matcher.group(1).equals(previous)) {
                    return matcher.group(1);
                }
            }
            TestInfrastructure.mail().waitForIncomingEmail(200, Integer.MAX_VALUE);
        }
        throw new AssertionError("No reset mail reached " + email);
    }

    private static MimeMessage[] mailsTo(String email) {
        return Arrays.stream(TestInfrastructure.mail().getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email));
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toArray(MimeMessage[]::new);
    }
}
