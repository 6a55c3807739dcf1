package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Browsers;

/**
 * The organizer's dashboards in a real headless Chromium, on a phone's width and a desktop's: the charts are drawn,
 * and the check-in progress bar and the figures move when a ticket is checked in, without a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserIT {

    @LocalServerPort
    int port;
    Api api;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void startBrowser(int width, int height) {
        browser = Browsers.headless(Math.max(width, 500), height);
        if (width < 500) { // headless Chromium has a minimum window width: a phone's is emulated
            ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                    "height", height, "deviceScaleFactor", 2, "mobile", true));
        }
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private void signIn(Session user) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user.username());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private String ticket(Session holder, String bookingId) {
        return api.get("/api/v1/bookings/" + bookingId + "/ticket").bearer(holder).send().expect(200).body().get("code")
                .asString();
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void onAPhoneTheChartsAreDrawnAndTheProgressBarMovesAfterACheckIn() throws Exception {
        watchACheckIn(390, 844, "dashboard-390");
    }

    @Test
    void onADesktopTheChartsAreDrawnAndTheProgressBarMovesAfterACheckIn() throws Exception {
        watchACheckIn(1280, 1000, "dashboard-1280");
    }

    private void watchACheckIn(int width, int height, String name) throws Exception {
        Session organizer = api.register("organizer");
        Map<String, Object> body = EventCatalogIT.event("Dashboard night");
        body.put("capacity", 4);
        String eventId = api.createEvent(organizer, body);
        Session ada = api.register("attendee");
        Session bob = api.register("attendee");
        String adaBooking = api.book(ada, eventId).get("id").asString();
        api.book(bob, eventId);

        startBrowser(width, height);
        signIn(organizer);
        browser.get(url("/events/" + eventId));
        browser.findElement(By.id("event-dashboard")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("dashboard"), "data-charted", "true"));
        assertThat(browser.findElements(By.cssSelector("#bookings-chart canvas"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#check-ins-chart canvas"))).hasSize(1);
        assertThat(browser.findElement(By.id("seats-taken")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("check-in-progress")).getDomProperty("value")).isEqualTo("0");
        assertThat(browser.findElement(By.id("check-in-progress")).getDomProperty("max")).isEqualTo("2");
        // nothing sticks out sideways, on a phone either (the header's links wrap)
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1;")).isTrue();
        js("window.sameDocument = true;");

        api.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer)
                .json(Map.of("code", ticket(ada, adaBooking))).send().expect(200);

        wait.until(ExpectedConditions.attributeToBe(By.id("check-in-progress"), "value", "1"));
        assertThat(browser.findElement(By.id("present")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("by-ticket")).getText()).isEqualTo("1");
        assertThat(js("return window.sameDocument === true;")).isEqualTo(true); // no reload
        screenshot(name);
        js("document.getElementById('check-ins-title').scrollIntoView()");
        screenshot(name + "-charts");
    }

    @Test
    void theOrganizersPageAcrossEventsUpdatesItsRowsAsBookingsComeIn() throws Exception {
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Across events"));
        api.book(api.register("attendee"), eventId);

        startBrowser(1280, 1000);
        signIn(organizer);
        browser.findElement(By.id("dashboard-link")).click();
        By seats = By.cssSelector("tr[data-event-id='" + eventId + "'] [data-field=seats]");
        wait.until(ExpectedConditions.textToBe(seats, "1 of 50"));
        js("window.sameDocument = true;");

        api.book(api.register("attendee"), eventId);

        wait.until(ExpectedConditions.textToBe(seats, "2 of 50"));
        assertThat(js("return window.sameDocument === true;")).isEqualTo(true);
        screenshot("dashboard-overview-1280");
    }

    @Test
    void anAttendeeCannotOpenAnEventsDashboard() {
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Not yours"));
        startBrowser(1280, 1000);
        signIn(api.register("attendee"));
        browser.get(url("/events/" + eventId + "/dashboard"));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("403");
        assertThat(browser.findElements(By.id("dashboard"))).isEmpty();
    }
}
