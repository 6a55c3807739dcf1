package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Browsers;

/**
 * The booking flow with the keyboard alone (Tab, Enter and typing; no clicks): the skip link, a visible focus ring
 * on every stop, a form error announced and tied to its field, and the booking's result announced where focus lands.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeyboardBookingBrowserIT {

    /** WCAG 2.1 (1.4.11): a focus indicator needs 3:1 against what is next to it. */
    private static final double MIN_CONTRAST = 3.0;
    private static final int MAX_TABS = 150;
    /**
     * The focused element's indicator: an outline (its colour's contrast against the nearest opaque background) or
     * else a box shadow.
     */
    private static final String FOCUS_RING = """
            const e = document.activeElement;
            const s = getComputedStyle(e);
            const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
                               return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
            let bg = 'rgb(255, 255, 255)';
            for (let n = e.parentElement; n; n = n.parentElement) {
              const c = getComputedStyle(n).backgroundColor; const a = rgb(c);
              if (a.length === 3 || (a.length === 4 && a[3] > 0.9)) { bg = c; break; }
            }
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
            const [l1, l2] = [lum(s.outlineColor), lum(bg)].sort((a, b) => b - a);
            return { tag: e.tagName + (e.id ? '#' + e.id : ''), outline, contrast: outline ? (l1 + 0.05) / (l2 + 0.05) : 0,
                     shadow: s.boxShadow !== 'none' };
            """;

    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        browser = Browsers.headless(1280, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class); // the focused element asked for while the page changes
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
    }

    private static WebElement focused() {
        return browser.switchTo().activeElement();
    }

    private static void press(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }

    private static void assertFocusVisible() {
        @SuppressWarnings("unchecked")
        Map<String, Object> ring = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(FOCUS_RING);
        boolean outline = (Boolean) ring.get("outline");
        assertThat(outline || (Boolean) ring.get("shadow")).as("a focus indicator on %s", ring.get("tag")).isTrue();
        if (outline) {
            assertThat(((Number) ring.get("contrast")).doubleValue()).as("the focus ring's contrast on %s", ring.get("tag"))
                    .isGreaterThanOrEqualTo(MIN_CONTRAST);
        }
    }

    /** Tabs forward, every stop showing its focus, until the focused element is the one sought. */
    private static WebElement tabTo(String what, Predicate<WebElement> sought) {
        for (int i = 0; i < MAX_TABS; i++) {
            press(Keys.TAB);
            if ("body".equalsIgnoreCase(focused().getTagName())) {
                continue; // past the page's last stop, focus is in the browser's own controls: the next Tab starts over
            }
            assertFocusVisible();
            if (sought.test(focused())) {
                return focused();
            }
        }
        throw new AssertionError("Tab never reached " + what);
    }

    @Test
    void aKeyboardUserSignsInFindsAnEventAndBooksASeat() {
        Api api = new Api(port);
        Api.Session organizer = api.register("organizer");
        String title = "Keyboard walk " + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> details = EventCatalogIT.event(title);
        Instant start = Instant.now().plus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS); // first on the home page
        details.put("start_time", start.toString());
        details.put("end_time", start.plus(1, ChronoUnit.HOURS).toString());
        String eventId = api.createEvent(organizer, details);
        Api.Session attendee = api.register("attendee");

        // a wrong password: the error is an alert, and focus is on the field it concerns, which names it
        open("/login");
        tabTo("the username field", e -> "username".equals(e.getAttribute("id")));
        press(attendee.username());
        press(Keys.TAB);
        press("not the password");
        press(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("error"));
        WebElement error = browser.findElement(By.id("sign-in-error"));
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        wait.until(d -> "username".equals(focused().getAttribute("id")));
        assertThat(focused().getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(focused().getAttribute("aria-describedby")).isEqualTo("sign-in-error");
        assertThat(browser.findElement(By.id("password")).getAttribute("aria-describedby"))
                .isEqualTo("sign-in-error");
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform(); // whatever is there goes
        press(attendee.username());
        press(Keys.TAB);
        press(attendee.password());
        press(Keys.ENTER);
        wait.withMessage(() -> "still on " + browser.getCurrentUrl() + ": " + browser.findElement(By.tagName("main")).getText())
                .until(d -> !d.getCurrentUrl().contains("/login"));

        // the first Tab of a page reaches the skip link, shown while focused; Enter moves focus to the main content
        open("/");
        press(Keys.TAB);
        WebElement skip = focused();
        assertThat(skip.getAttribute("id")).isEqualTo("skip-link");
        assertThat(skip.getText()).isEqualTo("Skip to main content");
        assertThat(skip.isDisplayed()).isTrue();
        assertThat(skip.getRect().getY()).isGreaterThanOrEqualTo(0);
        assertFocusVisible();
        press(Keys.ENTER);
        wait.until(d -> "main".equalsIgnoreCase(focused().getTagName()));

        tabTo("the event's card", e -> title.equals(e.getText()) && "a".equalsIgnoreCase(e.getTagName()));
        press(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/events/" + eventId));

        tabTo("Book a seat", e -> "book-event".equals(e.getAttribute("id")));
        press(Keys.ENTER);
        // booked: the result is said in a role="status" message, and focus is there, not back at the page's start
        wait.until(d -> "status".equals(focused().getAttribute("role")));
        assertThat(focused().getText()).contains("You have a seat");
        assertFocusVisible();
        tabTo("the booking's own controls", e -> "cancel-booking".equals(e.getAttribute("id")));
    }
}
