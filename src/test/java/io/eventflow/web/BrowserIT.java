package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Browsers;
import io.eventflow.support.WsClient;

/**
 * The web UI in a real headless Chromium (Debian's chromium and chromium-driver), against a server on
 * PostgreSQL: what an organizer and an attendee do and see.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserIT {

    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Browsers.headless(1280, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void open(String path) {
        browser.get(url(path));
    }

    private WebElement field(String id) {
        return browser.findElement(By.id(id));
    }

    private void type(String id, String text) {
        WebElement element = field(id);
        element.clear();
        element.sendKeys(text);
    }

    private void setValue(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", field(id), value);
    }

    private void signUp(String username, String role) {
        browser.manage().deleteAllCookies();
        open("/register");
        type("username", username);
        type("email", username + "@example.com");
        type("password", "browser-pass-1");
        type("confirmPassword", "browser-pass-1");
        browser.findElement(By.cssSelector("input[name=role][value=" + role + "]")).click();
        field("sign-up").click();
        wait.until(ExpectedConditions.urlContains("welcome"));
    }

    @Test
    void anOrganizerPublishesFindsAndEditsAnEventAndAnAttendeeCannotChangeIt() {
        String name = "org" + UUID.randomUUID().toString().substring(0, 8);
        String word = "Zephyr" + UUID.randomUUID().toString().substring(0, 6);

        // register, sign out, sign in again
        signUp(name, "organizer");
        assertThat(browser.findElement(By.cssSelector("header nav")).getText()).contains(name);
        browser.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        wait.until(ExpectedConditions.urlContains("signed-out"));
        open("/login");
        type("username", name);
        type("password", "browser-pass-1");
        field("sign-in").click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("New event")));

        // an invalid form keeps the input and says what is wrong next to the field
        browser.findElement(By.linkText("New event")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("title")));
        type("title", "");
        type("location", "Somewhere");
        field("save-event").click();
        WebElement titleError = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("title-error")));
        assertThat(titleError.getText()).isNotBlank();
        assertThat(field("title").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(field("location").getAttribute("value")).isEqualTo("Somewhere");

        // create
        type("title", word + " Night Market");
        type("description", "Street food and music.");
        setValue("startTime", "2031-07-01T18:00");
        setValue("endTime", "2031-07-01T23:00");
        type("timezone", "Europe/Berlin");
        type("location", "Berlin, Markthalle Neun");
        type("capacity", "300");
        field("save-event").click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), word + " Night Market"));
        assertThat(browser.findElement(By.cssSelector(".when")).getText()).contains("1 Jul 2031, 18:00");

        // find it by search and open it
        open("/events");
        type("filters-q", word.toLowerCase());
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        // typing and submitting both ask for results (htmx): a later answer may replace the link just found
        wait.ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.linkText(word + " Night Market")).click();
                    return true;
                });
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), word + " Night Market"));
        String eventPath = browser.getCurrentUrl().replace(url(""), "");

        // edit and see the change
        field("edit-event").click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("title")));
        type("title", word + " Night Market (moved)");
        type("location", "Berlin, Tempelhof");
        field("save-event").click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), word + " Night Market (moved)"));
        assertThat(browser.findElement(By.cssSelector(".facts")).getText()).contains("Berlin, Tempelhof");

        // an attendee sees no edit controls, and is refused when it tries anyway
        signUp("att" + UUID.randomUUID().toString().substring(0, 8), "attendee");
        open(eventPath);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), word + " Night Market (moved)"));
        assertThat(browser.findElements(By.id("edit-event"))).isEmpty();
        assertThat(browser.findElements(By.linkText("New event"))).isEmpty();

        open(eventPath + "/edit");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("403");

        open(eventPath);
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector('input[name=_csrf]').value;
                const body = new URLSearchParams({_csrf: csrf, title: 'Hijacked', startTime: '2031-07-01T18:00',
                    endTime: '2031-07-01T23:00', timezone: 'UTC'});
                fetch(arguments[0], {method: 'POST', body}).then(r => done(r.status));
                """, url(eventPath));
        assertThat(((Number) status).intValue()).isEqualTo(403);
        open(eventPath);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(word + " Night Market (moved)");
    }

    @Test
    void editingOnlyTheTitleKeepsEverythingElseAsItWas() {
        io.eventflow.support.Api api = new io.eventflow.support.Api(port);
        String name = "keep" + UUID.randomUUID().toString().substring(0, 8);
        signUp(name, "organizer");
        io.eventflow.support.Api.Session session = api.login(name, "browser-pass-1");
        java.util.Map<String, Object> event = io.eventflow.catalog.EventCatalogIT.event("Keep me");
        event.put("start_time", "2031-10-26T01:30:30+02:00");
        event.put("end_time", "2031-10-26T04:00:00+01:00");
        event.put("timezone", "Europe/Berlin");
        event.put("geofence_radius_m", 5000);
        event.put("status", "cancelled");
        String id = api.createEvent(session, event);

        open("/events/" + id + "/edit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("title")));
        type("title", "Keep me (renamed)");
        field("save-event").click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Keep me (renamed)"));

        var after = api.get("/api/v1/events/" + id).send().body();
        assertThat(after.get("status").asString()).isEqualTo("cancelled");
        assertThat(after.get("geofence_radius_m").asInt()).isEqualTo(5000);
        assertThat(after.get("start_time").asString()).isEqualTo("2031-10-25T23:30:30Z");
    }

    @Test
    void anAttendeeBooksSeesTheTicketAndCancelsAndTheOrganizerSeesTheList() {
        io.eventflow.support.Api api = new io.eventflow.support.Api(port);
        io.eventflow.support.Api.Session organizer = api.register("organizer");
        java.util.Map<String, Object> event = io.eventflow.catalog.EventCatalogIT.event("Seats for the brave");
        event.put("capacity", 1);
        String id = api.createEvent(organizer, event);

        signUp("bk" + UUID.randomUUID().toString().substring(0, 8), "attendee");
        open("/events/" + id);
        field("book-event").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("booking-status"), "You have a seat"));

        open("/bookings");
        WebElement ticket = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("img.ticket")));
        Object loaded = ((JavascriptExecutor) browser).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth", ticket);
        assertThat(((Number) loaded).intValue()).isGreaterThan(100);

        // a second attendee finds the event full and joins the waiting list
        signUp("bk" + UUID.randomUUID().toString().substring(0, 8), "attendee");
        open("/events/" + id);
        assertThat(field("book-event").getText()).isEqualTo("Join the waiting list");
        field("book-event").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("booking-status"), "number 1 on the waiting list"));
        field("cancel-booking").click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("book-event")));

        var stats = api.get("/api/v1/events/" + id + "/stats").bearer(organizer).send().body();
        assertThat(stats.get("confirmed").asLong()).isEqualTo(1);
        assertThat(stats.get("cancelled").asLong()).isEqualTo(1);
    }

    @Test
    void searchPagesWorkWithoutJavaScriptAsPlainLinks() {
        open("/events?q=" + "no-such-event-anywhere");
        assertThat(browser.findElement(By.cssSelector(".result-count")).getText()).startsWith("0 events");
        open("/events?sort=password_hash");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("400");
    }
    @Test
    void theEventPageShowsSeatsAndChangesLiveAndParticipantsChat() {
        String name = "live" + UUID.randomUUID().toString().substring(0, 8);
        signUp(name, "organizer");
        Api api = new Api(port);
        Api.Session organizer = api.login(name, "browser-pass-1");
        java.util.Map<String, Object> event = EventCatalogIT.event("Live page");
        event.put("capacity", 3);
        String eventId = api.createEvent(organizer, event);

        open("/events/" + eventId);
        wait.until(ExpectedConditions.textToBe(By.id("seats-left"), "3 of 3 seats left"));
        Api.Session attendee = api.register("attendee");
        api.book(attendee, eventId);
        wait.until(ExpectedConditions.textToBe(By.id("seats-left"), "2 of 3 seats left")); // no reload

        // the chat: text shows as typed, markup is not interpreted
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chat")));
        type("chat-text", "<b>Doors open at 7</b>");
        field("chat-send").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-messages"), "<b>Doors open at 7</b>"));
        assertThat(field("chat-messages").findElements(By.tagName("b"))).isEmpty();
        try (WsClient guest = WsClient.connect(api, "/ws/chat/" + eventId + "?token=" + attendee.accessToken())) {
            guest.send("join_chat", java.util.Map.of());
            assertThat(guest.next("recent_messages").toString()).contains("Doors open at 7");
            guest.send("send_message", java.util.Map.of("text", "See you there"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-messages"), "See you there"));
        }

        // a change by the organizer shows up for someone reading the page
        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(java.util.Map.of("title", "Live page, new room")).send().expect(200);
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("live-banner")));
        assertThat(banner.getText()).contains("just updated").contains("title");
    }

    @Test
    void theBellRingsWhenAWaitlistedBookingGetsASeat() {
        Api api = new Api(port);
        Api.Session organizer = api.register("organizer");
        Api.Session holder = api.register("attendee");
        java.util.Map<String, Object> event = EventCatalogIT.event("Popular night");
        event.put("capacity", 1);
        String eventId = api.createEvent(organizer, event);
        String seat = api.book(holder, eventId).get("id").asString();

        signUp("bell" + UUID.randomUUID().toString().substring(0, 8), "attendee");
        open("/events/" + eventId);
        field("book-event").click(); // "Join the waiting list"
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("booking-status"), "waiting list"));
        assertThat(browser.findElements(By.id("chat"))).as("no chat without a seat").isEmpty();
        assertThat(field("bell-count").isDisplayed()).isFalse();

        api.delete("/api/v1/bookings/" + seat).bearer(holder).send().expect(204); // the seat goes to the waiting list

        wait.until(ExpectedConditions.textToBe(By.id("bell-count"), "1"));
        browser.findElement(By.cssSelector("#bell summary")).click();
        assertThat(field("bell-list").getText()).contains("moved from the waiting list to confirmed");
    }
    @Test
    void theNotificationCentreListsNewsAndTheSettingsSwitchMailsOff() {
        String name = "note" + UUID.randomUUID().toString().substring(0, 8);
        signUp(name, "attendee");

        wait.until(driver -> {
            open("/notifications"); // the welcome is written just after the sign-up commits
            return field("notification-list").getText().contains("Welcome to EventFlow, " + name);
        });
        field("read-all").click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("read-all"))); // nothing unread any more
        assertThat(field("notification-list").getText()).contains("Welcome to EventFlow");
        assertThat(browser.findElements(By.cssSelector("#notification-list li.unread"))).isEmpty();

        open("/notifications/preferences");
        WebElement bookingMails = field("booking_confirmed.email");
        assertThat(bookingMails.isSelected()).isTrue();
        bookingMails.click();
        field("save-preferences").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"), "saved"));
        assertThat(field("booking_confirmed.email").isSelected()).isFalse();
        assertThat(field("booking_confirmed.in_app").isSelected()).isTrue();

        open("/profile");
        field("calendar-feed").click();
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#calendar-link a")));
        assertThat(link.getText()).startsWith("webcal://").endsWith(".ics");

        Api.Session me = new Api(port).login(name, "browser-pass-1");
        tools.jackson.databind.JsonNode saved = new Api(port).get("/api/v1/users/me/notification-preferences").bearer(me).send().body();
        assertThat(saved.at("/booking_confirmed/email").asBoolean()).isFalse();
        assertThat(saved.at("/reminder/email").asBoolean()).isTrue();
    }

    @Test
    void anAttendeeFollowsTheOrganizerFromTheEventPageAndSeesTheirNewsInTheFeed() {
        Api api = new Api(port);
        Api.Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Followed <b>gig</b>"));

        signUp("fan" + UUID.randomUUID().toString().substring(0, 8), "attendee");
        open("/events/" + eventId);
        field("follow-organizer").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("follow-organizer"), "Following"));

        wait.until(driver -> {
            open("/feed"); // the event's activity is recorded just after its creation commits
            return field("feed").getText().contains("published Followed <b>gig</b>");
        });
        assertThat(field("feed").getText()).contains("You started following " + organizer.username());
        assertThat(browser.findElements(By.cssSelector("#feed b"))).as("titles are text, not HTML").isEmpty();

        browser.findElement(By.linkText(organizer.username())).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("follower-count"), "1 follower"));
        field("unfollow").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("follow")));
        assertThat(field("follower-count").getText()).isEqualTo("0 followers");
    }

    @Test
    void aPhotoOverTheLimitIsRefusedInTheBrowserBeforeItIsSent() throws Exception {
        String name = "gal" + UUID.randomUUID().toString().substring(0, 8);
        signUp(name, "organizer");
        Api.Session me = new Api(port).login(name, "browser-pass-1");
        String eventId = new Api(port).createEvent(me, EventCatalogIT.event("Big photos"));
        Path big = Files.createTempFile("eventflow-big", ".jpg");
        Files.write(big, new byte[11 * 1024 * 1024]);

        open("/events/" + eventId);
        field("photo-file").sendKeys(big.toString());
        field("photo-submit").click();

        String message = (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('photo-file').validationMessage");
        assertThat(message).contains("larger than 10 MB");
        assertThat(browser.getCurrentUrl()).endsWith("/events/" + eventId);
        assertThat(new Api(port).get("/api/v1/events/" + eventId + "/photos").send().body().get("total").asInt()).isZero();
        Files.delete(big);
    }
}
