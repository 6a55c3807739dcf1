package io.eventflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestInfrastructure;

/**
 * A browser signed in to the web UI keeps a session cookie, not a token: it must end wherever every other way in
 * ends — a password change or reset, the account's deletion, a role taken away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserSessionIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    Accounts accounts;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** A browser with its cookie jar, signed in through the login form. */
    private HttpClient signedIn(String username, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(form);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return browser;
    }

    /** 200 while signed in; a page that needs a user sends a signed-out browser to the login page. */
    private int status(HttpClient browser, String page) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(api.base() + page)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aSignedOutBrowserPostingTheCalendarFeedFormIsSentToTheLoginPage() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Matcher csrf = CSRF.matcher(browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(api.base() + "/profile/calendar-feed"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());

        // it was a 500: the page asked for the signed-in user that the security chain had not required
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElse("")).endsWith("/login");
    }

    @Test
    void aPasswordChangeEndsTheBrowserSessionsSignedInBeforeIt() throws Exception {
        Session user = api.register("attendee");
        HttpClient before = signedIn(user.username(), user.password());
        assertThat(status(before, "/profile")).isEqualTo(200);

        api.patch("/api/v1/users/me").bearer(user)
                .json(Map.of("password", "a-new-password-1", "current_password", user.password())).send().expect(200);

        assertThat(status(before, "/profile")).isEqualTo(302);
        HttpClient after = signedIn(user.username(), "a-new-password-1");
        assertThat(status(after, "/profile")).isEqualTo(200); // signed in since: unaffected
    }

    @Test
    void aDeletedAccountsBrowserSessionEnds() throws Exception {
        Session user = api.register("attendee");
        HttpClient browser = signedIn(user.username(), user.password());
        assertThat(status(browser, "/bookings")).isEqualTo(200);

        api.delete("/api/v1/users/" + user.userId()).bearer(user).send().expect(204);

        assertThat(status(browser, "/bookings")).isEqualTo(302);
    }

    @Test
    void aDemotedOrganizerLosesTheOrganizersPagesAtOnce() throws Exception {
        Session organizer = api.register("organizer");
        HttpClient browser = signedIn(organizer.username(), organizer.password());
        assertThat(status(browser, "/events/new")).isEqualTo(200);

        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        api.put("/api/v1/users/" + organizer.userId()).bearer(admin)
                .json(Map.of("username", organizer.username(), "email", organizer.email(), "role", "attendee")).send().expect(200);

        assertThat(status(browser, "/events/new")).isEqualTo(302);
    }

    @Test
    void anAttendeePromotedToOrganizerWithoutEndingSessionsStaysSignedIn() throws Exception {
        Session attendee = api.register("attendee");
        HttpClient browser = signedIn(attendee.username(), attendee.password());
        assertThat(status(browser, "/bookings")).isEqualTo(200);

        accounts.promoteToOrganizer(new CurrentUser(attendee.userId(), attendee.username(), Role.ATTENDEE));

        assertThat(status(browser, "/bookings")).isEqualTo(200);
        assertThat(status(browser, "/events/new")).isEqualTo(403); // an attendee's session until it signs in again
        assertThat(status(signedIn(attendee.username(), attendee.password()), "/events/new")).isEqualTo(200);
    }

    @Test
    void theSessionCookieStaysOnThisSiteAndPagesLeakNoPathsToOthers() throws Exception {
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());

        // Spring Session's cookie (the session is in the database), and no servlet container session beside it
        assertThat(login.headers().allValues("Set-Cookie")).singleElement().asString().startsWith("SESSION=")
                .contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(login.headers().firstValue("Permissions-Policy").orElseThrow()).contains("camera=()");
    }
}
