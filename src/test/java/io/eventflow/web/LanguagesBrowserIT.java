package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
 * English and Hebrew in a real headless Chromium: the language a browser asks for, the switcher that overrides it
 * for good, and a signed-in user's profile language that follows them to a fresh browser. Hebrew pages run right to
 * left, with dates, prices and the scripts' texts in Hebrew.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LanguagesBrowserIT {

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

    private void start(String acceptLanguage) {
        browser = Browsers.headless(1280, 900, acceptLanguage);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
    }

    private String html(String attribute) {
        return browser.findElement(By.tagName("html")).getDomAttribute(attribute);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    @Test
    void aBrowserAskingForHebrewGetsRightToLeftHebrewPagesUntilTheSwitcherChoosesEnglish() {
        Session organizer = api.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Jaffa Jazz");
        event.put("start_time", "2031-07-01T15:00:00Z"); // 18:00 in Jerusalem (IDT)
        event.put("end_time", "2031-07-01T17:00:00Z");
        event.put("timezone", "Asia/Jerusalem");
        event.put("capacity", 40);
        String eventId = api.createEvent(organizer, event);
        start("he-IL,he;q=0.9");
        // the reader is in Berlin: the event's time (Jerusalem) is also shown in theirs
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Europe/Berlin"));

        open("/events/" + eventId);
        assertThat(html("lang")).isEqualTo("he");
        assertThat(html("dir")).isEqualTo("rtl");
        assertThat(text("#book-event, .booking-box a[href='/login']")).isEqualTo("כניסה");
        assertThat(text("#lang-he")).isEqualTo("עברית");
        assertThat(browser.findElement(By.id("lang-he")).getDomAttribute("lang")).isEqualTo("he");
        String when = text(".event-detail .when");
        assertThat(when).contains("ביולי 2031, 18:00").contains("(Asia/Jerusalem)");
        assertThat(text("#seats-left")).isEqualTo("נותרו 40 מתוך 40 מקומות");
        assertThat(browser.findElements(By.cssSelector("dd")).stream().map(e -> e.getText()))
                .anySatisfy(price -> assertThat(price).contains("12.50").contains("₪"));
        // the script's addition, in Hebrew, in the reader's zone (Berlin is an hour behind Jerusalem in July)
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".event-detail .viewer-time")));
        assertThat(text(".event-detail .viewer-time")).contains("17:00").contains("לפי השעון שלך")
                .contains("Europe/Berlin");

        open("/events?q=language");
        assertThat(text("h1")).isEqualTo("חיפוש אירועים");
        assertThat(text(".result-count")).startsWith("נמצאו");

        // the switcher: English from now on in this browser, whatever it asks for
        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        assertThat(html("dir")).isEqualTo("ltr");
        assertThat(text("h1")).isEqualTo("Find events");
        assertThat(browser.findElement(By.id("filters-q")).getDomProperty("value"))
                .as("switching keeps the search the reader was on").isEqualTo("language");
        open("/events/" + eventId);
        assertThat(html("lang")).isEqualTo("en");
        assertThat(text("#seats-left")).isEqualTo("40 of 40 seats left");
        assertThat(text(".event-detail .when")).contains("1 Jul 2031, 18:00");
        open("/login");
        assertThat(text("h1")).isEqualTo("Sign in");
    }

    @Test
    void aSignedInUsersProfileLanguageWinsOverTheBrowsersAndTheSwitcherChangesIt() {
        Session user = api.register("attendee");
        api.patch("/api/v1/users/me").bearer(user).json(Map.of("language", "he")).send().expect(200);
        start("en-US,en;q=0.9");

        open("/login");
        assertThat(html("lang")).isEqualTo("en");
        browser.findElement(By.id("username")).sendKeys(user.username());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "he"));
        assertThat(html("dir")).isEqualTo("rtl");
        open("/profile");
        assertThat(text("h1")).isEqualTo("הפרופיל שלך");
        assertThat(browser.findElement(By.cssSelector("#language option[value=he]")).isSelected()).isTrue();

        // switching while signed in changes the profile too: the mails follow
        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        assertThat(text("h1")).isEqualTo("Your profile");
        assertThat(api.get("/api/v1/users/me").bearer(user).send().expect(200).body().get("language").asString())
                .isEqualTo("en");
    }
}
