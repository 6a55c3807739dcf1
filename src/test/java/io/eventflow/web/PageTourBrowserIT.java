package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Browsers;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.TileServer;

/**
 * Every page of the web UI, in a real headless Chromium, as the visitor it is made for (signed out, attendee,
 * organizer, admin), on a phone's width and a laptop's, over data such as people make (long titles, a waiting list,
 * announcements, a photo, a webhook with its deliveries). On each page: nothing scrolls sideways, no control lies on
 * another or is cut off, no field is squeezed, and axe-core finds no serious or critical WCAG 2.1 A/AA violation — in
 * the light theme and, for a sample of pages, the dark one. Every page's screenshot is kept in target/screenshots.
 * One failure lists every offending page and element.
 *
 * <p>CI runs the sample; {@code -Dbrowser.matrix=full} runs every page at 360, 390, 768, 1024 and 1440 px in both
 * themes, and {@code -Dscreenshots.docs=true} copies the screenshots docs/web-ui.md shows to docs/img
 * (docs/testing.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PageTourBrowserIT {

    private static final boolean FULL = "full".equals(System.getProperty("browser.matrix"));
    private static final List<Viewport> VIEWPORTS = FULL
            ? List.of(new Viewport(360, 780), new Viewport(390, 844), new Viewport(768, 1024), new Viewport(1024, 768),
                    new Viewport(1440, 900))
            : List.of(new Viewport(390, 844), new Viewport(1280, 800));
    /** In CI the dark theme is checked at one width, on these pages; the full matrix checks it everywhere. */
    private static final Set<String> DARK_SAMPLE = Set.of("home", "search-filters", "event-attendee", "event-organizer",
            "event-form-new", "dashboard-event-charts", "webhook", "audit", "login");
    private static final int DARK_SAMPLE_WIDTH = 1280;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The screenshots the docs show (docs/web-ui.md, README.md), copied by -Dscreenshots.docs=true. */
    private static final Map<String, String> DOCS_IMAGES = Map.of(
            "home-1280", "home.png",
            "search-filters-1280", "search.png",
            "search-map-1280", "search-map.png",
            "event-attendee-1280", "event.png",
            "dashboard-event-1280", "organizer-dashboard.png",
            "home-390", "home-phone.png",
            "event-attendee-390", "event-phone.png",
            "home-1280-dark", "home-dark.png",
            "event-hebrew-390", "event-hebrew-phone.png");

    /** Maps draw their tiles from here, so the map pages render (and are screenshot) without network. */
    private static final TileServer TILES = TileServer.start();

    @DynamicPropertySource
    static void tilesFromTheTestsServer(DynamicPropertyRegistry settings) {
        settings.add("eventflow.web.map.tile-url", TILES::template);
    }

    private static WebDriver browser;
    private static WebDriverWait wait;
    private static final PageChecks checks = new PageChecks();

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Viewport(int width, int height) {
    }

    enum Visitor { ANONYMOUS, ATTENDEE, ORGANIZER, ADMIN }

    /**
     * A page as a visitor sees it: route is the controller's pattern it stands for, readyWhen a CSS selector present
     * once the page has drawn what its scripts draw, then a script to run before the checks (e.g. open a menu).
     */
    record Page(String name, Visitor visitor, String route, String path, String readyWhen, String then) {

        Page(String name, Visitor visitor, String route, String path) {
            this(name, visitor, route, path, "body", "");
        }
    }

    /** What the tour shows: the people and the things they made. */
    record World(Session attendee, Session organizer, String conference, String smallEvent, String webhook) {
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browsers.headless(1440, 1024);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        TILES.stop();
    }

    @Test
    void everyPageFitsPhonesAndLaptopsWithoutSeriousAccessibilityViolations() throws IOException {
        World world = seed(new Api(port));
        List<Page> pages = pages(world);
        Set<String> toured = pages.stream().map(Page::route).collect(Collectors.toSet());
        assertThat(toured).as("every page of the web UI is in the tour").containsAll(htmlRoutes());

        Files.createDirectories(SCREENSHOTS);
        List<String> problems = new ArrayList<>();
        Visitor signedIn = null;
        for (Page page : pages) {
            if (page.visitor() != signedIn) {
                signIn(page.visitor(), world);
                signedIn = page.visitor();
            }
            for (Viewport viewport : VIEWPORTS) {
                for (boolean dark : FULL || viewport.width() == DARK_SAMPLE_WIDTH && DARK_SAMPLE.contains(page.name())
                        ? List.of(false, true) : List.of(false)) {
                    String shot = page.name() + "-" + viewport.width() + (dark ? "-dark" : "");
                    show(page, viewport, dark);
                    checks.layout(browser).forEach(p -> problems.add(shot + " (" + page.path() + "): " + p));
                    checks.accessibility(browser).forEach(p -> problems.add(shot + " (" + page.path() + "): " + p));
                    Files.write(SCREENSHOTS.resolve(shot + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                }
            }
        }
        if (Boolean.getBoolean("screenshots.docs")) {
            copyDocsImages();
        }
        assertThat(problems).as("layout and accessibility problems, by page").isEmpty();
    }

    @Test
    void theThemeChosenOnAPageIsKeptAcrossPagesBeforeTheFirstPaint() {
        emulate(new Viewport(1280, 800), false);
        browser.manage().deleteAllCookies();
        browser.get(url("/login"));
        js("localStorage.removeItem('eventflow.theme')");
        browser.get(url("/login"));
        assertThat(js("return document.documentElement.dataset.theme || 'system';")).isEqualTo("system");

        browser.findElement(By.id("theme-choice")).sendKeys("Dark"); // as with the keyboard
        assertThat(js("return document.documentElement.dataset.theme;")).isEqualTo("dark");
        assertThat(background()).isEqualTo(darkBackground());

        browser.get(url("/register"));
        // set by the blocking script in <head>: the first paint is already dark
        assertThat(js("return document.documentElement.dataset.theme;")).isEqualTo("dark");
        assertThat(new Select(browser.findElement(By.id("theme-choice")))
                .getFirstSelectedOption().getDomProperty("value")).isEqualTo("dark");

        browser.findElement(By.id("theme-choice")).sendKeys("System");
        browser.get(url("/register"));
        assertThat(js("return document.documentElement.dataset.theme || 'system';")).isEqualTo("system");
        js("localStorage.removeItem('eventflow.theme')");
    }

    private String darkBackground() {
        return (String) js("""
                const probe = document.createElement('div');
                probe.setAttribute('data-theme', 'dark');
                probe.style.background = 'var(--pico-background-color)';
                document.body.append(probe);
                const colour = getComputedStyle(probe).backgroundColor;
                probe.remove();
                return colour;
                """);
    }

    private String background() {
        return (String) js("return getComputedStyle(document.documentElement).backgroundColor;");
    }

    private List<Page> pages(World w) {
        String from = Instant.now().plus(1, ChronoUnit.DAYS).toString().substring(0, 10);
        String to = Instant.now().plus(120, ChronoUnit.DAYS).toString().substring(0, 10);
        Visitor anonymous = Visitor.ANONYMOUS;
        Visitor attendee = Visitor.ATTENDEE;
        Visitor organizer = Visitor.ORGANIZER;
        return List.of(
                new Page("home", anonymous, "/", "/"),
                new Page("search", anonymous, "/events", "/events"),
                new Page("search-filters", anonymous, "/events", "/events?q=conference&location=Tel+Aviv&category=tech-meetup&from="
                        + from + "&to=" + to + "&max_price=100&sort=start_time"),
                new Page("search-map", anonymous, "/events", "/events?view=map", "#search-map[data-tile-state=loaded]",
                        "document.getElementById('search-map').scrollIntoView();"),
                new Page("event-anonymous", anonymous, "/events/{id}", "/events/" + w.conference()),
                // Hebrew, right to left: the language sticks (a cookie) until the next page asks for English
                new Page("home-hebrew", anonymous, "/", "/?lang=he"),
                new Page("event-hebrew", anonymous, "/events/{id}", "/events/" + w.conference() + "?lang=he"),
                new Page("profile-public", anonymous, "/users/{id}", "/users/" + w.organizer().userId() + "?lang=en"),
                new Page("login", anonymous, "/login", "/login"),
                new Page("register", anonymous, "/register", "/register"),
                new Page("forgot-password", anonymous, "/forgot-password", "/forgot-password"),
                new Page("reset-password", anonymous, "/reset-password", "/reset-password?token=an-expired-link"),
                new Page("not-found", anonymous, "/no-such-page", "/no-such-page"),
                new Page("home-attendee", attendee, "/", "/"),
                new Page("event-attendee", attendee, "/events/{id}", "/events/" + w.conference()),
                new Page("event-waitlisted", attendee, "/events/{id}", "/events/" + w.smallEvent()),
                new Page("bookings", attendee, "/bookings", "/bookings"),
                new Page("profile", attendee, "/profile", "/profile"),
                new Page("feed", attendee, "/feed", "/feed"),
                new Page("notifications", attendee, "/notifications", "/notifications"),
                new Page("notification-preferences", attendee, "/notifications/preferences", "/notifications/preferences"),
                new Page("home-organizer", organizer, "/", "/"),
                new Page("menu-organizer", organizer, "/", "/", "body", "document.getElementById('site-menu').open = true;"),
                new Page("event-organizer", organizer, "/events/{id}", "/events/" + w.conference()),
                new Page("event-form-new", organizer, "/events/new", "/events/new"),
                new Page("event-form-edit", organizer, "/events/{id}/edit", "/events/" + w.conference() + "/edit"),
                new Page("import", organizer, "/events/import", "/events/import"),
                new Page("attendees", organizer, "/events/{id}/attendees", "/events/" + w.smallEvent() + "/attendees"),
                new Page("dashboard-event", organizer, "/events/{id}/dashboard", "/events/" + w.conference() + "/dashboard",
                        "#dashboard[data-charted=true]", ""),
                new Page("dashboard-event-charts", organizer, "/events/{id}/dashboard", "/events/" + w.conference()
                        + "/dashboard", "#dashboard[data-charted=true]", "document.getElementById('bookings-title').scrollIntoView();"),
                new Page("dashboard", organizer, "/dashboard", "/dashboard"),
                new Page("webhooks", organizer, "/webhooks", "/webhooks"),
                new Page("webhook", organizer, "/webhooks/{id}", "/webhooks/" + w.webhook()),
                new Page("audit", Visitor.ADMIN, "/admin/audit", "/admin/audit"));
    }

    /** The GET routes of the web module that answer with a page (not JSON, images or downloads). */
    private Set<String> htmlRoutes() {
        Set<String> routes = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = mapping.getKey();
            boolean page = mapping.getValue().getBeanType().getPackageName().equals(PageTourBrowserIT.class.getPackageName())
                    && info.getMethodsCondition().getMethods().contains(RequestMethod.GET)
                    && info.getProducesCondition().getProducibleMediaTypes().stream()
                            .allMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML));
            if (page) {
                info.getPatternValues().stream().filter(route -> !route.matches(".*\\.[a-z]+$")).forEach(routes::add);
            }
        }
        routes.add("/no-such-page"); // the error page
        return routes;
    }

    private void signIn(Visitor visitor, World world) {
        browser.manage().deleteAllCookies();
        switch (visitor) {
            case ANONYMOUS -> { }
            case ATTENDEE -> signIn(world.attendee().username(), world.attendee().password());
            case ORGANIZER -> signIn(world.organizer().username(), world.organizer().password());
            case ADMIN -> signIn(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        }
    }

    private void signIn(String username, String password) {
        emulate(new Viewport(1280, 800), false);
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private void show(Page page, Viewport viewport, boolean dark) {
        emulate(viewport, dark);
        browser.get(url(page.path()));
        wait.until(d -> "complete".equals(js("return document.readyState;")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(page.readyWhen())));
        if (!page.then().isEmpty()) {
            js(page.then());
        }
    }

    /** The viewport and the system's colour scheme, as a phone or a laptop has them (headless has a minimum width). */
    private void emulate(Viewport viewport, boolean dark) {
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width(),
                "height", viewport.height(), "deviceScaleFactor", 1, "mobile", viewport.width() < 768));
        chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    private void copyDocsImages() throws IOException {
        Path docs = Path.of("docs", "img");
        Files.createDirectories(docs);
        for (Map.Entry<String, String> image : DOCS_IMAGES.entrySet()) {
            Path shot = SCREENSHOTS.resolve(image.getKey() + ".png");
            if (Files.exists(shot)) {
                Files.copy(shot, docs.resolve(image.getValue()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** People and events like the ones the UI is made for: long titles and places, a full event, news to read. */
    private static World seed(Api api) throws IOException {
        Session organizer = api.register("organizer");
        Session attendee = api.register("attendee");
        Session early = api.register("attendee");

        Map<String, Object> conference = event("International Conference on Distributed Systems, Cloud-Native "
                + "Architecture and Developer Experience 2031", 9, 32.0636, 34.7745);
        conference.put("location", "Tel Aviv Convention Center, Rokach Boulevard 101, Pavilion 10 (entrance from the north gate)");
        conference.put("description", """
                Two days of talks and workshops on distributed systems, from consensus protocols to the developer \
                experience of running them.

                Bring a laptop for the hands-on sessions; lunch and coffee are included.""");
        conference.put("capacity", 400);
        conference.put("price", 249);
        String conferenceId = api.createEvent(organizer, conference);

        Map<String, Object> small = event("Kotlin coroutines workshop for the impatient", 12, 31.7683, 35.2137);
        small.put("location", "Jerusalem, Hillel Street 27");
        small.put("capacity", 1);
        small.put("price", 0);
        String smallId = api.createEvent(organizer, small);

        Map<String, Object> past = event("Haifa meetup: shipping Java 25 in production", 20, 32.7940, 34.9896);
        past.put("location", "Haifa, Matam Park, building 30");
        String pastWorkshop = api.createEvent(organizer, past);

        Map<String, Object> gone = event("Berlin open-source night", 30, 52.5200, 13.4050);
        gone.put("location", "Berlin, Markthalle Neun");
        gone.put("currency", "eur");
        String cancelled = api.createEvent(organizer, gone);

        api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(attendee).send();
        String booking = api.book(attendee, conferenceId).get("id").asString();
        api.book(early, conferenceId);
        api.book(early, smallId);
        api.book(attendee, smallId); // the only seat is taken: the waiting list
        api.book(attendee, pastWorkshop);
        String code = api.get("/api/v1/bookings/" + booking + "/ticket").bearer(attendee).send().expect(200).body()
                .get("code").asString();
        api.post("/api/v1/events/" + conferenceId + "/check-in").bearer(organizer).json(Map.of("code", code)).send().expect(200);
        api.post("/api/v1/events/" + conferenceId + "/photos").bearer(organizer)
                .file("photo", "stage.png", "image/png", photo()).send().expect(201);
        for (String eventId : List.of(conferenceId, smallId)) {
            api.post("/api/v1/events/" + eventId + "/announcements").bearer(organizer)
                    .json(Map.of("subject", "Doors open at 18:30 — use the north gate",
                            "body", "The main entrance is closed for renovation.\nFollow the signs to the north gate.",
                            "audience", "confirmed_and_waitlisted"))
                    .send().expect(201);
        }
        api.patch("/api/v1/events/" + cancelled).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);

        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("url", "https://93.184.215.14/hooks/eventflow/a-rather-long-path/that-keeps-going-to-see-it-wrap");
        hook.put("event_types", List.of("booking.confirmed", "booking.waitlisted", "booking.cancelled"));
        hook.put("description", "Our CRM: new attendees become contacts");
        String webhook = api.post("/api/v1/webhooks").bearer(organizer).json(hook).send().expect(201).body()
                .get("id").asString();
        api.book(api.register("attendee"), conferenceId); // a delivery for the webhook's log
        return new World(attendee, organizer, conferenceId, smallId, webhook);
    }

    private static Map<String, Object> event(String title, int inDays, double latitude, double longitude) {
        Map<String, Object> event = EventCatalogIT.event(title);
        Instant start = Instant.now().plus(inDays, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(3, ChronoUnit.HOURS).toString());
        event.put("timezone", "Asia/Jerusalem");
        event.put("latitude", latitude);
        event.put("longitude", longitude);
        return event;
    }

    /** A stage-coloured picture for the gallery. */
    private static byte[] photo() throws IOException {
        BufferedImage image = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x312e81), 640, 400, new Color(0xf59e0b)));
        g.fillRect(0, 0, 640, 400);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
