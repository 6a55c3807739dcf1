package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Browsers;
import io.eventflow.support.TileServer;

/**
 * The maps in a real headless Chromium, on a phone's width and a desktop's, with their tiles from a tile server the test
 * runs (so nothing leaves the machine): the event page's marker, the search results on a map, "near me" with an
 * emulated position, the typed place when the position is refused, and the note when the tile server refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MapBrowserIT {

    private static final TileServer TILES = TileServer.start();

    @DynamicPropertySource
    static void tilesFromTheTestsServer(DynamicPropertyRegistry settings) {
        settings.add("eventflow.web.map.tile-url", TILES::template);
    }

    /** One browser for the class (its start is the slow part); each test sets its width and permissions. */
    private static WebDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort
    int port;
    Api api;
    /** Unique words of this test's events, and a spot of the Atlantic no other test puts events in. */
    String tag;
    double latitude;
    double longitude;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        tag = "Mapton" + UUID.randomUUID().toString().substring(0, 8);
        latitude = ThreadLocalRandom.current().nextDouble(10, 40);
        longitude = ThreadLocalRandom.current().nextDouble(-40, -20);
        TILES.refusing(false);
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browsers.headless(1280, 900);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stopBrowserAndTiles() {
        if (browser != null) {
            browser.quit();
        }
        TILES.stop();
    }

    @Test
    void onAPhoneTheEventPageShowsItsPlaceOnAMapWithItsMarker() throws Exception {
        Session organizer = api.register("organizer");
        String located = publish(organizer, tag + " garden party", tag + " Hall", latitude, longitude);
        String online = publish(organizer, tag + " webinar", null, null, null);

        startBrowser(390, 844);
        browser.get(url("/events/" + located));
        wait.until(ExpectedConditions.attributeToBe(By.id("event-map"), "data-tile-state", "loaded"));
        assertThat(browser.findElements(By.cssSelector("#event-map .leaflet-marker-icon"))).hasSize(1);
        assertThat(((Number) js("return Math.max(...Array.from(document.querySelectorAll('#event-map img.leaflet-tile-loaded'),"
                + " img => img.naturalWidth));")).intValue()).isEqualTo(256);
        assertThat(browser.findElement(By.id("event-map")).getAttribute("aria-label")).contains(tag + " garden party");
        assertThat(browser.findElement(By.id("event-coordinates")).getText()).contains(String.format(Locale.ROOT, "%.5f", latitude));
        assertThat(browser.findElement(By.cssSelector(".leaflet-control-attribution")).getText()).contains("OpenStreetMap");
        assertThat(browser.findElement(By.cssSelector(".event-map .map-unavailable")).isDisplayed()).isFalse();
        assertNoSidewaysScroll();
        screenshot("event-map-390");

        browser.get(url("/events/" + online));
        assertThat(browser.findElements(By.id("event-map"))).isEmpty();
    }

    @Test
    void onADesktopTheSearchShowsAMarkerPerResultAndAMarkerOpensItsCard() throws Exception {
        Session organizer = api.register("organizer");
        List<String> names = List.of("alpha", "beta", "gamma");
        for (int i = 0; i < names.size(); i++) {
            publish(organizer, tag + " meetup " + names.get(i), tag + " Hall", latitude + i * 0.02, longitude + i * 0.02);
        }
        publish(organizer, tag + " meetup online", null, null, null);

        startBrowser(1280, 900);
        browser.get(url("/events?q=" + tag + "&view=map"));
        wait.until(ExpectedConditions.attributeToBe(By.id("search-map"), "data-tile-state", "loaded"));
        assertThat(browser.findElements(By.cssSelector("#results .event-card"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#search-map .leaflet-marker-icon"))).hasSize(3);

        browser.findElement(By.cssSelector("#search-map .leaflet-marker-icon[title='" + tag + " meetup beta']")).click();
        WebElement popup = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".leaflet-popup-content")));
        assertThat(popup.getText()).contains(tag + " meetup beta", tag + " Hall");
        assertThat(popup.findElement(By.tagName("a")).getAttribute("href")).contains("/events/");
        assertThat(browser.findElement(By.cssSelector(".event-card.map-selected")).getText()).contains(tag + " meetup beta");
        screenshot("search-map-1280");

        // the live search replaces the results: the markers follow, the map stays
        js("window.sameMap = document.getElementById('search-map');");
        type("filters-q", tag + " gamma");
        wait.until(ExpectedConditions.attributeToBe(By.id("search-map"), "data-markers", "1"));
        wait.until(ExpectedConditions.urlContains("gamma")); // pushed: no live search is left to overtake the click
        assertThat(js("return window.sameMap === document.getElementById('search-map');")).isEqualTo(true);
        assertThat(browser.getCurrentUrl()).contains("view=map");

        browser.findElement(By.id("view-list")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("view=map")));
        assertThat(browser.findElements(By.id("search-map"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#results .event-card"))).hasSize(1);
    }

    @Test
    void onAPhoneNearMeSearchesAroundTheBrowsersPositionNearestFirst() throws Exception {
        nearMe(390, 844, "near-me-390");
    }

    @Test
    void onADesktopNearMeSearchesAroundTheBrowsersPositionNearestFirst() throws Exception {
        nearMe(1280, 900, "near-me-1280");
    }

    private void nearMe(int width, int height, String screenshot) throws Exception {
        Session organizer = api.register("organizer");
        publish(organizer, tag + " far", tag + " Hall", latitude + 0.05, longitude);
        publish(organizer, tag + " here", tag + " Hall", latitude + 0.001, longitude);
        publish(organizer, tag + " close", tag + " Hall", latitude + 0.02, longitude);
        publish(organizer, tag + " other town", "Elsewhere", latitude + 1, longitude);

        startBrowser(width, height);
        cdp("Browser.grantPermissions", Map.of("permissions", List.of("geolocation"), "origin", url("")));
        cdp("Emulation.setGeolocationOverride", Map.of("latitude", latitude, "longitude", longitude, "accuracy", 10));
        browser.get(url("/events?q=" + tag));
        assertThat(browser.findElements(By.cssSelector("#results .event-card"))).hasSize(4);
        browser.findElement(By.id("near-me")).click();

        wait.until(ExpectedConditions.urlMatches("near=-?\\d"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#results .event-card"), 3));
        assertThat(browser.getCurrentUrl()).contains("radius_km=10");
        assertThat(titles()).containsExactly(tag + " here", tag + " close", tag + " far");
        List<Double> distances = distances();
        assertThat(distances).isSorted().hasSize(3);
        assertThat(distances.getLast()).isBetween(5.0, 6.0);
        assertThat(browser.findElements(By.cssSelector("#results .distance")).getLast().getText()).isEqualTo("5.6 km away");
        assertThat(browser.findElements(By.cssSelector("#results .distance")).getFirst().getText()).matches("\\d+ m away");
        assertNoSidewaysScroll();
        screenshot(screenshot);
    }

    @Test
    void whenThePositionIsRefusedATypedPlaceFindsTheEventsAroundIt() {
        Session organizer = api.register("organizer");
        publish(organizer, tag + " north", tag + " Hall", latitude + 0.02, longitude);
        publish(organizer, tag + " middle", tag + " Hall", latitude, longitude);
        publish(organizer, tag + " south", tag + " Hall", latitude - 0.01, longitude);

        startBrowser(390, 844);
        cdp("Browser.setPermission", Map.of("permission", Map.of("name", "geolocation"), "setting", "denied",
                "origin", url("")));
        browser.get(url("/events?q=" + tag));
        browser.findElement(By.id("near-me")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("near-status"), "type a place"));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("near-place");

        type("near-place", tag + " hall");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("near-summary"), tag + " hall"));
        // around the middle of the places (their median): the middle event first
        assertThat(titles().getFirst()).isEqualTo(tag + " middle");
        assertThat(distances()).isSorted().hasSize(3);

        type("near-place", "Nowhere " + tag);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("place-unknown")));
        assertThat(browser.findElements(By.cssSelector("#results .event-card"))).hasSize(3); // everywhere, said so

        String coordinates = String.format(Locale.ROOT, "%.4f, %.4f", latitude + 0.02, longitude);
        type("near-place", coordinates);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("near-summary"), coordinates));
        assertThat(titles()).containsExactly(tag + " north", tag + " middle", tag + " south");
    }

    @Test
    void whenTheTileServerRefusesThePagesSayTheMapIsUnavailableAndKeepTheirText() throws Exception {
        Session organizer = api.register("organizer");
        String eventId = publish(organizer, tag + " offline party", tag + " Hall", latitude, longitude);
        TILES.refusing(true);

        startBrowser(1280, 900);
        browser.get(url("/events?q=" + tag + "&view=map"));
        WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".search-map .map-unavailable")));
        assertThat(note.getText()).startsWith("Map unavailable");
        assertThat(browser.findElements(By.cssSelector("#results .event-card"))).hasSize(1);
        screenshot("search-map-unavailable-1280");

        browser.get(url("/events/" + eventId));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".event-map .map-unavailable")));
        assertThat(browser.findElement(By.id("event-coordinates")).getText()).isNotBlank();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(tag + " offline party");
    }

    private String publish(Session organizer, String title, String location, Double lat, Double lon) {
        Map<String, Object> event = EventCatalogIT.event(title);
        event.put("location", location);
        event.put("latitude", lat);
        event.put("longitude", lon);
        return api.createEvent(organizer, event);
    }

    private List<String> titles() {
        return browser.findElements(By.cssSelector("#results .event-card h3")).stream().map(WebElement::getText).toList();
    }

    private List<Double> distances() {
        return browser.findElements(By.cssSelector("#results .distance")).stream()
                .map(d -> Double.parseDouble(d.getAttribute("data-km"))).toList();
    }

    /** A phone's width (emulated: headless Chromium has a minimum window width) or the window's own, 1280 × 900. */
    private void startBrowser(int width, int height) {
        cdp("Browser.resetPermissions", Map.of());
        if (width < 1280) {
            cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 2,
                    "mobile", true));
        } else {
            cdp("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Types a whole value at once, as one input event: one live search, not one per key. */
    private void type(String id, String text) {
        ((JavascriptExecutor) browser).executeScript("const field = document.getElementById(arguments[0]);"
                + " field.value = arguments[1]; field.dispatchEvent(new Event('input', {bubbles: true}));", id, text);
    }

    private void cdp(String command, Map<String, Object> parameters) {
        ((ChromeDriver) browser).executeCdpCommand(command, parameters);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void assertNoSidewaysScroll() {
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1;")).isTrue();
    }

    private void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
