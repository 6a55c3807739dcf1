package io.eventflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.FormBrowser;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.WsClient;

/**
 * Two nodes on the same PostgreSQL, as behind a round-robin load balancer without stickiness: a browser's requests
 * land on either, and its session — kept in the database — is the same on both.
 */
class SharedBrowserSessionsIT {

    private static final Pattern RESET_TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

    private static final Nodes nodes = new Nodes();
    private static Api nodeA;
    private static Api nodeB;
    private static JdbcClient db;

    @BeforeAll
    static void startTwoNodes() {
        nodeA = nodes.start(Map.of());
        nodeB = nodes.start(Map.of());
        db = nodes.context(nodeA).getBean(JdbcClient.class);
    }

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    @Test
    void aBrowserSignedInOnOneNodeIsSignedInOnTheOtherAndItsFormsWorkThere() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();

        browser.signIn(nodeA, user.username(), user.password());

        assertThat(browser.session()).as("Spring Session's cookie, SESSION").isNotNull();
        HttpResponse<String> profileOnB = browser.get(nodeB, "/profile");
        assertThat(profileOnB.statusCode()).isEqualTo(200);
        assertThat(profileOnB.body()).contains(user.username());
        // a form rendered by A, posted to B: the CSRF token is the session's, wherever it is checked
        String token = FormBrowser.csrf(browser.get(nodeA, "/profile").body());
        HttpResponse<String> posted = browser.post(nodeB, "/profile/calendar-feed", Map.of("_csrf", token));
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/profile");
        // ... and the flash attributes B left for the next page are shown by A
        assertThat(browser.get(nodeA, "/profile").body()).contains("id=\"calendar-link\"", "webcal://");
        assertThat(db.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?").param(user.userId().toString())
                .query(Long.class).single()).as("the session's row, indexed by the user's id").isEqualTo(1);
    }

    @Test
    void aWebSocketHandshakeOnOneNodeKnowsTheUserSignedInOnTheOther() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();
        browser.signIn(nodeA, user.username(), user.password());

        try (WsClient signedIn = WsClient.connect(nodeB, "/ws/notifications",
                Map.of("Cookie", FormBrowser.SESSION_COOKIE + "=" + browser.session()))) {
            signedIn.assertOpen();
        }
        try (WsClient anonymous = WsClient.connect(nodeB, "/ws/notifications")) {
            assertThat(anonymous.awaitClose().code()).isEqualTo(4401);
        }
    }

    @Test
    void stylesheetsAndScriptsNeitherReadNorTouchTheSession() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();
        browser.signIn(nodeA, user.username(), user.password());
        assertThat(browser.status(nodeB, "/profile")).isEqualTo(200);
        long lastAccess = lastAccessOf(user);
        // a write-back after this point would carry a later millisecond than the one read
        await().until(() -> System.currentTimeMillis() > lastAccess);

        for (String file : new String[] {"/css/eventflow.css", "/js/live.js", "/webjars/htmx.org/dist/htmx.min.js"}) {
            assertThat(browser.status(nodeA, file)).as(file).isEqualTo(200);
        }

        assertThat(lastAccessOf(user)).as("not read, not written back").isEqualTo(lastAccess);
        assertThat(browser.status(nodeA, "/profile")).isEqualTo(200);
        assertThat(lastAccessOf(user)).as("a page reads it and writes its last access back").isGreaterThan(lastAccess);
    }

    @Test
    void aUserWithTheLongestUsernameSignsInToo() {
        String username = ("u" + java.util.UUID.randomUUID().toString().replace("-", "")).substring(0, 32);
        nodeA.post("/api/v1/auth/register").json(Map.of("username", username, "email", username + "@example.test",
                "password", "long-name-pass-1", "role", "organizer")).send().expect(201);
        FormBrowser browser = new FormBrowser();

        browser.signIn(nodeA, username, "long-name-pass-1");

        assertThat(browser.status(nodeB, "/profile")).isEqualTo(200);
    }

    @Test
    void aPageAskedForOnOneNodeIsWhereASignInOnTheOtherLeads() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();

        HttpResponse<String> asked = browser.get(nodeB, "/bookings");
        assertThat(asked.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        String next = browser.signIn(nodeA, user.username(), user.password());
        assertThat(next).contains("/bookings");
        assertThat(browser.get(nodeB, "/bookings").statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutOnOneNodeEndsTheSessionOnTheOther() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();
        browser.signIn(nodeA, user.username(), user.password());
        assertThat(browser.get(nodeA, "/profile").statusCode()).isEqualTo(200);

        String token = FormBrowser.csrf(browser.get(nodeA, "/profile").body());
        HttpResponse<String> signedOut = browser.post(nodeB, "/logout", Map.of("_csrf", token));
        assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/?signed-out");

        assertThat(browser.get(nodeA, "/profile").headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(sessionsOf(user)).isZero();
    }

    @Test
    void aPasswordChangeOnOneNodeEndsTheSessionOnTheOther() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();
        browser.signIn(nodeB, user.username(), user.password());
        assertThat(browser.get(nodeB, "/profile").statusCode()).isEqualTo(200);

        nodeA.patch("/api/v1/users/me").bearer(user)
                .json(Map.of("password", "a-new-password-1", "current_password", user.password())).send().expect(200);

        assertThat(browser.get(nodeB, "/profile").headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(browser.get(nodeA, "/profile").statusCode()).isEqualTo(302);
        assertThat(sessionsOf(user)).as("ended where it was found: its row is gone").isZero();
        FormBrowser again = new FormBrowser();
        again.signIn(nodeA, user.username(), "a-new-password-1");
        assertThat(again.get(nodeB, "/profile").statusCode()).isEqualTo(200);
    }

    /**
     * The security probe's case: the sign-in time was recorded at the session's first request after signing in, and a
     * session without it counted as valid — so the cookie of a sign-in whose redirect was never followed outlived a
     * password reset made meanwhile.
     */
    @Test
    void aSignInWhoseRedirectWasNeverFollowedDoesNotSurviveAPasswordReset() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();
        browser.signIn(nodeA, user.username(), user.password()); // the redirect is not followed

        nodeB.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        String token = awaitResetToken(user.email());
        nodeB.post("/api/v1/auth/reset-password").json(Map.of("token", token, "new_password", "the-owners-new-1")).send()
                .expect(204);

        HttpResponse<String> profile = browser.get(nodeA, "/profile");
        assertThat(profile.statusCode()).isEqualTo(302);
        assertThat(profile.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aSessionWhoseBytesAreDamagedCountsAsSignedOut() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();
        browser.signIn(nodeA, user.username(), user.password());
        assertThat(browser.get(nodeB, "/profile").statusCode()).isEqualTo(200);

        int damaged = db.sql("UPDATE spring_session_attributes SET attribute_bytes = ? WHERE session_primary_id IN "
                + "(SELECT primary_id FROM spring_session WHERE principal_name = ?)")
                .param("not a serialised object".getBytes(StandardCharsets.UTF_8)).param(user.userId().toString()).update();
        assertThat(damaged).isPositive();

        assertSignedOutThenSignsInAgain(browser, user);
    }

    @Test
    void aSessionHoldingAClassThatNoLongerExistsCountsAsSignedOut() {
        Session user = nodeA.register("attendee");
        FormBrowser browser = new FormBrowser();
        browser.signIn(nodeA, user.username(), user.password());
        assertThat(browser.get(nodeB, "/profile").statusCode()).isEqualTo(200);

        // as after a rolling upgrade that renamed the principal's class: the stream is intact, the class is unknown
        String primaryId = db.sql("SELECT primary_id FROM spring_session WHERE principal_name = ?")
                .param(user.userId().toString()).query(String.class).single();
        byte[] context = db.sql("SELECT attribute_bytes FROM spring_session_attributes WHERE session_primary_id = ? "
                + "AND attribute_name = 'SPRING_SECURITY_CONTEXT'").param(primaryId).query(byte[].class).single();
        byte[] renamed = replace(context, CurrentUser.class.getName(), CurrentUser.class.getName().replace("CurrentUser", "CurrentUsed"));
        db.sql("UPDATE spring_session_attributes SET attribute_bytes = ? WHERE session_primary_id = ? "
                + "AND attribute_name = 'SPRING_SECURITY_CONTEXT'").param(renamed).param(primaryId).update();

        assertSignedOutThenSignsInAgain(browser, user);
    }

    private static void assertSignedOutThenSignsInAgain(FormBrowser browser, Session user) {
        for (Api node : new Api[] {nodeA, nodeB}) {
            HttpResponse<String> profile = browser.get(node, "/profile");
            assertThat(profile.statusCode()).as("a page for signed-in users, never a 500").isEqualTo(302);
            assertThat(profile.headers().firstValue("Location").orElseThrow()).endsWith("/login");
            HttpResponse<String> home = browser.get(node, "/");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("href=\"/login\"").doesNotContain(">Sign out<");
        }
        browser.signIn(nodeB, user.username(), user.password());
        assertThat(browser.get(nodeA, "/profile").statusCode()).isEqualTo(200);
    }

    private static long lastAccessOf(Session user) {
        return db.sql("SELECT last_access_time FROM spring_session WHERE principal_name = ?").param(user.userId().toString())
                .query(Long.class).single();
    }

    private static long sessionsOf(Session user) {
        return db.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?").param(user.userId().toString())
                .query(Long.class).single();
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        byte[] needle = from.getBytes(StandardCharsets.UTF_8);
        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
        assertThat(replacement).hasSameSizeAs(needle);
        byte[] result = bytes.clone();
        int found = 0;
        for (int i = 0; i + needle.length <= result.length; i++) {
            if (Arrays.equals(result, i, i + needle.length, needle, 0, needle.length)) {
                System.arraycopy(replacement, 0, result, i, replacement.length);
                found++;
            }
        }
        assertThat(found).as("the class name in the stream").isPositive();
        return result;
    }

    private static String awaitResetToken(String email) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage mail : TestInfrastructure.mail().getReceivedMessages()) {
                try {
                    if (Arrays.stream(mail.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(email))) {
                        Matcher matcher = RESET_TOKEN.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "="));
                        if (matcher.find()) {
                            return matcher.group(1);
                        }
                    }
                } catch (jakarta.mail.MessagingException e) {
                    throw new AssertionError(e);
                }
            }
            TestInfrastructure.mail().waitForIncomingEmail(200, Integer.MAX_VALUE);
        }
        throw new AssertionError("No reset mail reached " + email);
    }
}
