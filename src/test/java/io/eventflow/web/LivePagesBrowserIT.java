package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Browsers;

/**
 * What pages show live, without a reload: the seats on event cards (search results, also those htmx swaps in), the
 * reader's place on a waiting list and a seat offered to them, and the cards' connection state when the socket drops.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LivePagesBrowserIT {

    private static final String PASSWORD = "browser-pass-1";

    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort
    int port;
    Api api;
    Api.Session organizer;

    @BeforeAll
    static void startBrowser() {
        browser = Browsers.headless(1280, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
    }

    private static String token() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private String event(String title, int capacity) {
        Map<String, Object> event = EventCatalogIT.event(title);
        event.put("capacity", capacity);
        return api.createEvent(organizer, event);
    }

    private static By seatsOf(String eventId) {
        return By.cssSelector("article.event-card[data-event-id='" + eventId + "'] .seats");
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private String signUp() {
        String name = "lp" + UUID.randomUUID().toString().substring(0, 8);
        browser.manage().deleteAllCookies();
        open("/register");
        type("username", name);
        type("email", name + "@example.com");
        type("password", PASSWORD);
        type("confirmPassword", PASSWORD);
        browser.findElement(By.cssSelector("input[name=role][value=attendee]")).click();
        browser.findElement(By.id("sign-up")).click();
        wait.until(ExpectedConditions.urlContains("welcome"));
        return name;
    }

    @Test
    void aCardsSeatsChangeWhenSomeoneElseBooksAlsoOnCardsTheFiltersSwapIn() {
        String alpha = token();
        String beta = token();
        String first = event("Live seats " + alpha, 5);
        String second = event("Live seats " + beta, 1);

        open("/events?q=" + alpha);
        wait.until(ExpectedConditions.attributeToBe(By.id("cards-status"), "data-connected", "true"));
        assertThat(browser.findElement(seatsOf(first)).getText()).isEqualTo("5 of 5 seats left");
        api.book(api.register("attendee"), first);
        wait.until(ExpectedConditions.textToBe(seatsOf(first), "4 of 5 seats left"));
        assertThat(browser.findElement(By.id("cards-status")).getText()).isEmpty(); // nothing to say while all is well

        // the filters swap the results in (htmx): the new cards are watched
        type("filters-q", beta);
        wait.until(ExpectedConditions.presenceOfElementLocated(seatsOf(second)));
        api.book(api.register("attendee"), second);
        wait.until(ExpectedConditions.textToBe(seatsOf(second), "Sold out"));
        api.book(api.register("attendee"), second);
        wait.until(ExpectedConditions.textToBe(seatsOf(second), "Sold out · 1 on the waiting list"));
        assertThat(browser.findElement(By.cssSelector("article.event-card[data-event-id='" + second + "']"))
                .getAttribute("class")).contains("full");
    }

    @Test
    void theReadersPlaceInLineDropsWhenSomeoneAheadLeavesAndAnOfferBringsItsButtons() {
        Map<String, Object> details = EventCatalogIT.event("Live line " + token());
        details.put("capacity", 1);
        details.put("waitlist_mode", "offer");
        details.put("offer_ttl", "PT2H");
        String eventId = api.createEvent(organizer, details);
        Api.Session seated = api.register("attendee");
        String seat = api.book(seated, eventId).get("id").asString();
        Api.Session ahead = api.register("attendee");
        String aheadBooking = api.book(ahead, eventId).get("id").asString();
        Api.Session me = api.login(signUp(), PASSWORD);
        assertThat(api.book(me, eventId).get("waitlist_position").asInt()).isEqualTo(2);

        open("/events/" + eventId);
        wait.until(ExpectedConditions.textToBe(By.id("waitlist-position"), "2"));
        wait.until(ExpectedConditions.attributeToBe(By.id("bell-status"), "data-connected", "true"));
        assertThat(browser.findElement(By.id("booking-status")).getAttribute("aria-live")).isEqualTo("polite");

        api.delete("/api/v1/bookings/" + aheadBooking).bearer(ahead).send().expect(204);
        wait.until(ExpectedConditions.textToBe(By.id("waitlist-position"), "1"));

        api.delete("/api/v1/bookings/" + seat).bearer(seated).send().expect(204); // the seat is offered to the reader
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("accept-offer")));
        assertThat(browser.findElement(By.id("decline-offer")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.id("waitlist-position"))).isEmpty();

        browser.findElement(By.id("accept-offer")).click(); // the buttons that came live work
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("booking-status"), "You have a seat"));
    }

    @Test
    void theCardsSayTheyAreReconnectingWhenTheSocketDropsAndCatchUpWhenItIsBack() throws IOException {
        String name = token();
        String eventId = event("Live seats " + name, 5);
        try (ReconnectionBrowserIT.CuttableProxy proxy = new ReconnectionBrowserIT.CuttableProxy(port)) {
            browser.get("http://127.0.0.1:" + proxy.port() + "/events?q=" + name);
            By status = By.id("cards-status");
            wait.until(ExpectedConditions.attributeToBe(status, "data-connected", "true"));
            assertThat(browser.findElement(status).getAttribute("role")).isEqualTo("status");

            proxy.cut();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(status, "reconnecting"));
            assertThat(browser.findElement(status).getAttribute("data-connected")).isEqualTo("false");
            api.book(api.register("attendee"), eventId); // missed by the page: caught up on reconnecting

            proxy.accept();
            ((JavascriptExecutor) browser).executeScript("window.dispatchEvent(new Event('online'))");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(status, "live again"));
            wait.until(ExpectedConditions.textToBe(seatsOf(eventId), "4 of 5 seats left"));
            api.book(api.register("attendee"), eventId);
            wait.until(ExpectedConditions.textToBe(seatsOf(eventId), "3 of 5 seats left"));
        }
    }
}
