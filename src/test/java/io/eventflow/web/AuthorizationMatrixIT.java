package io.eventflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.eventflow.support.TestInfrastructure;

/**
 * The authorization matrix of {@code docs/authorization.md}, cell by cell, against the running application on the
 * real PostgreSQL. The routes come from Spring itself — every handler method of every request-mapping handler
 * mapping (the API, the web UI, the compatibility adapters, springdoc, actuator) and every WebSocket endpoint — so a
 * route that is added without a row in the table fails this test, and so does a row whose route went away.
 *
 * <p>Each cell is one request as that actor, with a valid body from the catalogue below, so that its status says who
 * may do it rather than whether the input was right. Cells that would spoil others (a deletion, a booking, a check-in,
 * a logout, a role promotion) get fresh data of their own; see {@link Fresh}. Every differing cell is reported in one
 * failure, and what was observed is written to {@code target/authorization-matrix-actual.md} in the table's format.
 */
// the compatibility ports opened on free ports, as for the compat module's tests (so a suite run shares the context)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "eventflow.compat.port=0", "eventflow.compat.v1-port=0" })
class AuthorizationMatrixIT {

    static final Path TABLE = Path.of("docs/authorization.md");
    static final Path ACTUAL = Path.of("target/authorization-matrix-actual.md");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}|\\*\\*|\\*");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "ANY", "WS");

    /** The columns of the table, in its order. */
    enum Actor {
        ANONYMOUS("anonymous"), ATTENDEE("attendee"), BOOKED("booked attendee"), OTHER_ORGANIZER("other organizer"),
        ORGANIZER("event's organizer"), ADMIN("admin");

        final String column;

        Actor(String column) {
            this.column = column;
        }
    }

    /** A route as Spring maps it: method (or {@code ANY}, {@code WS}) and path pattern. */
    record Route(String method, String path) implements Comparable<Route> {
        @Override
        public int compareTo(Route other) {
            int byPath = path.compareTo(other.path);
            return byPath != 0 ? byPath : method.compareTo(other.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /**
     * What a cell needs afresh so that it spoils no other cell: {@code SCENE} a new event of the organizer with the
     * booked attendee's confirmed booking (and ticket); {@code PHOTO} a photo of the booked attendee on it too;
     * {@code ACTOR} a new account of the actor's kind (logouts, and publishing through an old API, which promotes an
     * attendee to organizer); {@code SUBJECT} a new booked attendee as the user the path names (account deletions);
     * {@code BROWSER} a new browser session of the actor (signing up in the web UI signs the browser in as the newcomer);
     * {@code EVENT} a new event of the organizer alone, for deleting it (cheaper than a scene: no booking to confirm);
     * {@code SERIES} a new recurring event of the organizer, for deleting it; {@code WEBHOOK} a new webhook endpoint of
     * the organizer, for deleting it.
     */
    enum Fresh {
        SCENE, PHOTO, ACTOR, SUBJECT, BROWSER, EVENT, SERIES, WEBHOOK
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    String base;
    int oldApisPort;
    int v1Port;
    World world;

    @Test
    void everyRouteAnswersEveryActorAsTheTableSays() throws Exception {
        base = "http://127.0.0.1:" + port;
        findCompatibilityPorts();
        Map<Route, Map<Actor, String>> table = readTable();
        Set<Route> routes = springRoutes();

        List<String> problems = new ArrayList<>();
        for (Route route : routes) {
            if (!table.containsKey(route)) {
                problems.add("route missing from " + TABLE + ": | `" + route.method + "` | `" + route.path + "` |");
            }
        }
        for (Route row : table.keySet()) {
            if (!routes.contains(row)) {
                problems.add("row of a route Spring no longer maps: " + row);
            }
        }

        long started = System.nanoTime();
        world = World.create(this);
        long fixture = System.nanoTime();
        Map<Route, Map<Actor, String>> actual = new ConcurrentSkipListMap<>();
        Map<Route, Long> times = new ConcurrentHashMap<>();
        // Cells that change what other cells read (the shared event, the users' settings) and the web UI's (one
        // browser session per actor) run one after another; the rest, reads and cells on fresh data, alongside.
        List<Route> serial = new ArrayList<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        tasks.add(() -> {
            serial.forEach(route -> runRow(route, actual, times));
            return null;
        });
        for (Route route : routes) {
            if (changesShared(route)) {
                serial.add(route);
            } else {
                tasks.add(() -> {
                    runRow(route, actual, times);
                    return null;
                });
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        actual.forEach((route, row) -> {
            Map<Actor, String> expected = table.get(route);
            if (expected != null) {
                for (Actor actor : Actor.values()) {
                    if (!expected.get(actor).equals(row.get(actor))) {
                        problems.add(route + " as " + actor.column + ": expected " + expected.get(actor) + ", got "
                                + row.get(actor));
                    }
                }
            }
        });
        writeActual(actual);
        System.out.printf("authorization matrix: %d routes x %d actors; fixture %d ms, cells %d ms; slowest: %s%n",
                routes.size(), Actor.values().length, (fixture - started) / 1_000_000,
                (System.nanoTime() - fixture) / 1_000_000, times.entrySet().stream()
                        .sorted(Map.Entry.<Route, Long>comparingByValue().reversed()).limit(12)
                        .map(e -> e.getKey() + " " + e.getValue() + " ms").toList());
        assertThat(problems).as("the authorization matrix (%s) against the running application; what it answered "
                + "is in %s", TABLE, ACTUAL).isEmpty();
    }

    private void runRow(Route route, Map<Route, Map<Actor, String>> actual, Map<Route, Long> times) {
        long started = System.nanoTime();
        Probe probe = PROBES.getOrDefault(route, Probe.DEFAULT);
        Map<Actor, String> row = new EnumMap<>(Actor.class);
        for (Actor actor : Actor.values()) {
            try {
                row.put(actor, run(route, probe, actor));
            } catch (RuntimeException | AssertionError e) { // reported with the other cells, not instead of them
                row.put(actor, "failed: " + e.getMessage());
            }
        }
        times.put(route, (System.nanoTime() - started) / 1_000_000);
        actual.put(route, row);
    }

    /** A web UI cell, or a write that works on the shared fixture rather than on fresh data of its own. */
    private static boolean changesShared(Route route) {
        if (route.method.equals("WS")) {
            return false;
        }
        if (!route.path.startsWith("/api/") && !route.path.startsWith("/actuator")) {
            return true;
        }
        Set<Fresh> fresh = PROBES.getOrDefault(route, Probe.DEFAULT).fresh;
        return !route.method.equals("GET") && fresh.stream().noneMatch(
                f -> f == Fresh.SCENE || f == Fresh.PHOTO || f == Fresh.SUBJECT || f == Fresh.ACTOR || f == Fresh.EVENT
                        || f == Fresh.SERIES || f == Fresh.WEBHOOK);
    }

    /** The extra connectors of seeds 000-002 and of seed 004: the first answers seed 000's list, the other does not. */
    void findCompatibilityPorts() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
        for (Connector connector : server.getTomcat().getService().findConnectors()) {
            int local = connector.getLocalPort();
            if (local == port) {
                continue;
            }
            int status = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/events/get_all"))
                    .GET().build()).statusCode();
            if (status == 200) {
                oldApisPort = local;
            } else {
                v1Port = local;
            }
        }
        assertThat(oldApisPort).as("port of seeds 000-002").isPositive();
        assertThat(v1Port).as("port of seed 004").isPositive();
    }

    // ---------------------------------------------------------------------------------------------- routes and table

    Set<Route> springRoutes() {
        Set<Route> routes = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> methods = info.getMethodsCondition().getMethods().stream().map(String::valueOf)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (methods.isEmpty()) {
                    methods.add("ANY");
                }
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods) {
                        routes.add(new Route(method, pattern));
                    }
                }
            }
        }
        for (WebSocketHandlerMapping mapping : context.getBeansOfType(WebSocketHandlerMapping.class).values()) {
            for (String pattern : mapping.getUrlMap().keySet()) {
                routes.add(new Route("WS", pattern));
            }
        }
        return routes;
    }

    /** The rows of the table: {@code | method | path | anonymous | ... | admin |}, with or without backticks. */
    static Map<Route, Map<Actor, String>> readTable() throws IOException {
        Map<Route, Map<Actor, String>> table = new TreeMap<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
            if (cells.length != 2 + Actor.values().length || !METHODS.contains(clean(cells[0]))) {
                continue;
            }
            Route route = new Route(clean(cells[0]), clean(cells[1]));
            Map<Actor, String> row = new EnumMap<>(Actor.class);
            for (Actor actor : Actor.values()) {
                row.put(actor, clean(cells[2 + actor.ordinal()]));
            }
            if (table.put(route, row) != null) {
                throw new AssertionError("two rows for " + route + " in " + TABLE);
            }
        }
        return table;
    }

    private static String clean(String cell) {
        return cell.replace("`", "").replace("\\|", "|").trim();
    }

    void writeActual(Map<Route, Map<Actor, String>> actual) throws IOException {
        StringBuilder out = new StringBuilder("| method | path |");
        for (Actor actor : Actor.values()) {
            out.append(' ').append(actor.column).append(" |");
        }
        out.append("\n|---|---|").append("---|".repeat(Actor.values().length)).append('\n');
        actual.forEach((route, row) -> {
            out.append("| `").append(route.method).append("` | `").append(route.path).append("` |");
            row.values().forEach(cell -> out.append(' ').append(cell).append(" |"));
            out.append('\n');
        });
        Files.createDirectories(ACTUAL.getParent());
        Files.writeString(ACTUAL, out);
    }

    // ------------------------------------------------------------------------------------------------ running a cell

    /**
     * One cell. A compatibility route is called twice, each time with its own fresh data: below its prefix on the main
     * port, where Spring maps it, and through the door its clients use (port 8000 or 5000 without the prefix, seed
     * 003's paths at the root of the main port); both must answer as the table says.
     */
    String run(Route route, Probe probe, Actor actor) {
        String viaPrefix = run(route, probe, actor, null);
        Door door = Door.of(route.path);
        if (door == null || route.method.equals("WS")) {
            return viaPrefix;
        }
        String viaDoor = run(route, probe, actor, door);
        return viaDoor.equals(viaPrefix) ? viaPrefix : viaPrefix + " (through " + door + ": " + viaDoor + ")";
    }

    /** The doors of the compatibility routes: the prefix Spring maps them below, and where their clients call. */
    enum Door {
        V1("/api/compat-v1"), GATEWAY("/api/compat-gateway"), OLD_APIS("/api/compat");

        final String prefix;

        Door(String prefix) {
            this.prefix = prefix;
        }

        static Door of(String path) {
            for (Door door : values()) {
                if (path.equals(door.prefix) || path.startsWith(door.prefix + "/")) {
                    return door;
                }
            }
            return null;
        }

        String path(String prefixed) {
            String path = prefixed.substring(prefix.length());
            return path.isEmpty() ? "/" : path;
        }
    }

    String run(Route route, Probe probe, Actor actor, Door door) {
        Cell cell = new Cell(this, world, actor, probe.fresh);
        String path = cell.resolve(route.path) + probe.query.apply(cell);
        String base = this.base;
        if (door != null) {
            path = door.path(path);
            base = "http://127.0.0.1:" + switch (door) {
                case V1 -> v1Port;
                case OLD_APIS -> oldApisPort;
                case GATEWAY -> port;
            };
        }
        if (route.method.equals("WS")) {
            return webSocket(path, cell.user(), route.path.startsWith("/ws/chat/"));
        }
        String method = route.method.equals("ANY") ? "GET" : route.method;
        Body body = probe.body.apply(cell);
        boolean api = route.path.startsWith("/api/") || route.path.startsWith("/actuator");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body.publisher());
        if (body.contentType != null) {
            request.header("Content-Type", body.contentType);
        }
        User user = cell.user();
        if (api) {
            if (user != null) {
                request.header("Authorization", "Bearer " + user.token);
            }
        } else {
            Browser browser = cell.browser();
            // what a browser's navigation sends: pages first, anything else (a QR image, a calendar file) too
            request.header("Accept", "text/html,*/*;q=0.8").header("Cookie", "SESSION=" + browser.session)
                    .header("X-CSRF-TOKEN", browser.csrf);
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() == 302) {
            String location = response.headers().firstValue("Location").orElse("");
            URI target = URI.create(location);
            if (target.getPath().equals("/login") && target.getQuery() == null) { // not /login?reset, a success
                return "302 login";
            }
        }
        return String.valueOf(response.statusCode());
    }

    /**
     * A WebSocket cell: {@code 101} when the endpoint serves the actor (a {@code pong} to a {@code ping}, the
     * {@code recent_messages} of a {@code join_chat}), else the close code it ends the connection with.
     */
    String webSocket(String path, User user, boolean chat) {
        String uri = "ws://127.0.0.1:" + port + path + (user == null ? "" : "?token=" + user.token);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String type = JSON.readTree(text.toString()).path("type").asString("");
                    text.setLength(0);
                    if (type.equals("pong") || type.equals("recent_messages")) {
                        outcome.complete("101");
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                outcome.complete(String.valueOf(code));
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                outcome.complete("error " + error);
            }
        };
        WebSocket socket;
        try {
            socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(uri), listener).join();
        } catch (RuntimeException refused) {
            return "refused " + refused.getCause();
        }
        socket.sendText(chat ? "{\"type\":\"join_chat\",\"data\":{}}" : "{\"type\":\"ping\",\"data\":{}}", true);
        String result = outcome.orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> "timeout").join();
        socket.abort();
        return result;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An API call of the fixture's, expecting {@code status}. */
    JsonNode call(String method, String path, User as, Object json, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (as != null) {
            request.header("Authorization", "Bearer " + as.token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + response.statusCode()
                    + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    // -------------------------------------------------------------------------------------------------- the fixture

    /** An account with its API token, and a browser signed in as it when a web cell needs one. */
    static final class User {
        final UUID id;
        final long number;
        final String username;
        final String email;
        final String password;
        final String token;
        final String refreshToken;
        Browser browser;

        User(JsonNode auth, String password, long number) {
            JsonNode user = auth.get("user");
            this.id = UUID.fromString(user.get("id").asString());
            this.number = number;
            this.username = user.get("username").asString();
            this.email = user.path("email").asString("");
            this.password = password;
            this.token = auth.get("access_token").asString();
            this.refreshToken = auth.get("refresh_token").asString();
        }

        Browser browser(AuthorizationMatrixIT it) {
            if (browser == null) {
                browser = Browser.signIn(it, username, password);
            }
            return browser;
        }
    }

    /** A browser session of the web UI: its cookie and the CSRF token of the session. */
    record Browser(String session, String csrf) {

        static Browser anonymous(AuthorizationMatrixIT it) {
            HttpResponse<String> login = it.send(HttpRequest.newBuilder(URI.create(it.base + "/login"))
                    .header("Accept", "text/html").GET().build());
            return new Browser(cookie(login, null), csrf(login.body()));
        }

        static Browser signIn(AuthorizationMatrixIT it, String username, String password) {
            Browser anonymous = anonymous(it);
            String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + anonymous.csrf;
            HttpResponse<String> login = it.send(HttpRequest.newBuilder(URI.create(it.base + "/login"))
                    .header("Accept", "text/html").header("Cookie", "SESSION=" + anonymous.session)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertThat(login.statusCode()).as("signed in as " + username).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
            String session = cookie(login, anonymous.session);
            // the CSRF token changes with the sign-in: read it again from a page with a form
            HttpResponse<String> profile = it.send(HttpRequest.newBuilder(URI.create(it.base + "/profile"))
                    .header("Accept", "text/html").header("Cookie", "SESSION=" + session).GET().build());
            return new Browser(session, csrf(profile.body()));
        }

        private static String cookie(HttpResponse<String> response, String otherwise) {
            for (String set : response.headers().allValues("Set-Cookie")) {
                if (set.startsWith("SESSION=")) {
                    return set.substring("SESSION=".length(), set.indexOf(';') < 0 ? set.length() : set.indexOf(';'));
                }
            }
            if (otherwise == null) {
                throw new AssertionError("no session cookie");
            }
            return otherwise;
        }

        private static String csrf(String html) {
            Matcher matcher = CSRF.matcher(html);
            assertThat(matcher.find()).as("a CSRF field").isTrue();
            return matcher.group(1);
        }
    }

    /** One event of the organizer, with the booked attendee's confirmed booking and, if asked, a photo. */
    record Scene(String eventId, long eventNumber, String location, String bookingId, User booked,
            String photoId, AuthorizationMatrixIT it) {

        static Scene create(AuthorizationMatrixIT it, User organizer, User booked, boolean photo) {
            JsonNode event = it.call("POST", "/api/v1/events", organizer, eventBody("Matrix night"), 201);
            String eventId = event.get("id").asString();
            String bookingId = it.call("POST", "/api/v1/events/" + eventId + "/bookings", booked, null, 201)
                    .get("id").asString();
            String photoId = photo ? it.uploadPhoto(eventId, booked) : "";
            return new Scene(eventId, event.get("number").asLong(), event.get("location").asString(), bookingId,
                    booked, photoId, it);
        }

        /** An event and nothing else: no booking, ticket or photo on it. */
        static Scene eventOnly(AuthorizationMatrixIT it, User organizer) {
            JsonNode event = it.call("POST", "/api/v1/events", organizer, eventBody("Matrix night"), 201);
            return new Scene(event.get("id").asString(), event.get("number").asLong(),
                    event.get("location").asString(), "", null, "", it);
        }

        /** The code of the booked attendee's ticket, as the door scans it. */
        String ticketCode() {
            return it.call("GET", "/api/v1/bookings/" + bookingId + "/ticket", booked, null, 200).get("code")
                    .asString();
        }
    }

    /** The actors and what they act on. */
    static final class World {
        User organizer;
        User otherOrganizer;
        User attendee;
        User booked;
        User admin;
        Scene scene;
        String seriesId;
        String notificationId;
        String webhookId;
        String deliveryId;
        User resetUser;
        Browser anonymousBrowser;

        static World create(AuthorizationMatrixIT it) {
            World world = new World();
            world.organizer = it.register("organizer");
            world.otherOrganizer = it.register("organizer");
            world.attendee = it.register("attendee");
            world.booked = it.register("attendee");
            world.admin = it.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
            world.resetUser = it.register("attendee");
            world.scene = Scene.create(it, world.organizer, world.booked, true);
            world.seriesId = it.createSeries(world.organizer);
            it.chat(world.scene.eventId, world.booked, "Who else is coming?");
            // the booking's confirmation reaches the booked attendee after the commit (outbox)
            String[] id = new String[1];
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode items = it.call("GET", "/api/v1/notifications", world.booked, null, 200).path("items");
                id[0] = items.isEmpty() ? null : items.get(0).get("id").asString();
                return id[0] != null;
            });
            world.notificationId = id[0];
            world.webhookId = it.webhook(world.organizer);
            world.deliveryId = it.failedDelivery(world.webhookId);
            world.anonymousBrowser = Browser.anonymous(it);
            return world;
        }
    }

    /** One cell's view of the world: the shared fixture, with what the probe needs afresh replaced. */
    static final class Cell {
        final AuthorizationMatrixIT it;
        final World world;
        final Actor actor;
        final Scene scene;
        final String seriesId;
        final User booked;
        final User actorUser;
        final boolean freshBrowser;
        final String webhookId;

        Cell(AuthorizationMatrixIT it, World world, Actor actor, Set<Fresh> fresh) {
            this.it = it;
            this.world = world;
            this.actor = actor;
            this.scene = fresh.contains(Fresh.SCENE) || fresh.contains(Fresh.PHOTO)
                    ? Scene.create(it, world.organizer, world.booked, fresh.contains(Fresh.PHOTO))
                    : fresh.contains(Fresh.EVENT) ? Scene.eventOnly(it, world.organizer) : world.scene;
            this.seriesId = fresh.contains(Fresh.SERIES) ? it.createSeries(world.organizer) : world.seriesId;
            this.booked = fresh.contains(Fresh.SUBJECT) ? it.bookedOn(scene) : world.booked;
            User user = switch (actor) {
                case ANONYMOUS -> null;
                case ATTENDEE -> world.attendee;
                case BOOKED -> booked;
                case OTHER_ORGANIZER -> world.otherOrganizer;
                case ORGANIZER -> world.organizer;
                case ADMIN -> world.admin;
            };
            if (fresh.contains(Fresh.ACTOR) && user != null && !(actor == Actor.BOOKED && booked != world.booked)) {
                user = switch (actor) {
                    case ATTENDEE -> it.register("attendee");
                    case BOOKED -> it.bookedOn(scene);
                    case OTHER_ORGANIZER, ORGANIZER -> it.register("organizer");
                    default -> it.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
                };
            }
            this.actorUser = user;
            this.freshBrowser = fresh.contains(Fresh.BROWSER);
            this.webhookId = fresh.contains(Fresh.WEBHOOK) ? it.webhook(world.organizer) : world.webhookId;
        }

        User user() {
            return actorUser;
        }

        Browser browser() {
            if (actorUser == null) {
                return freshBrowser ? Browser.anonymous(it) : world.anonymousBrowser;
            }
            return freshBrowser ? Browser.signIn(it, actorUser.username, actorUser.password) : actorUser.browser(it);
        }

        /** The path with its variables filled in from the fixture (see the legend of the table). */
        String resolve(String pattern) {
            Matcher matcher = VARIABLE.matcher(pattern);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String before = pattern.substring(0, matcher.start());
                String segment = before.substring(before.lastIndexOf('/', before.length() - 2) + 1).replace("/", "");
                String value = value(matcher.group(1) == null ? matcher.group() : matcher.group(1), segment, pattern);
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            return out.toString();
        }

        private String value(String name, String segment, String pattern) {
            boolean numbered = pattern.startsWith("/api/compat/");
            return switch (name) {
                case "**" -> "liveness";
                case "*" -> scene.eventId;
                case "field" -> "date";
                case "location" -> URLEncoder.encode(scene.location, StandardCharsets.UTF_8).replace("+", "%20");
                case "requiredMetricName" -> "jvm.memory.used";
                case "photoId" -> scene.photoId;
                case "token" -> it.calendarToken(world.booked);
                case "deliveryId", "delivery_id" -> world.deliveryId;
                case "id" -> switch (segment) {
                    case "users", "user" -> numbered ? String.valueOf(booked.number) : booked.id.toString();
                    case "bookings" -> scene.bookingId;
                    case "photos" -> scene.photoId;
                    case "notifications", "status" -> world.notificationId;
                    case "event-series" -> seriesId;
                    case "webhooks" -> webhookId;
                    default -> numbered ? String.valueOf(scene.eventNumber) : scene.eventId;
                };
                default -> throw new AssertionError("no value for {" + name + "} in " + pattern
                        + ": add it to Cell.value");
            };
        }
    }

    User register(String role) {
        String name = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String password = "password-" + name;
        JsonNode auth = call("POST", "/api/v1/auth/register",
                null, Map.of("username", name, "email", name + "@example.com", "password", password, "role", role), 201);
        return new User(auth, password, auth.at("/user/number").asLong());
    }

    User login(String username, String password) {
        JsonNode auth = call("POST", "/api/v1/auth/login", null, Map.of("username", username, "password", password),
                200);
        return new User(auth, password, auth.at("/user/number").asLong());
    }

    /** A new weekly series of the organizer; its id. */
    String createSeries(User organizer) {
        return call("POST", "/api/v1/event-series", organizer, seriesBody("Matrix weekly"), 201).get("id").asString();
    }

    /** A new attendee with a confirmed seat at the scene's event. */
    User bookedOn(Scene scene) {
        User user = register("attendee");
        call("POST", "/api/v1/events/" + scene.eventId + "/bookings", user, null, 201);
        return user;
    }

    /** A new link to the user's calendar feed (each one replaces the last, so every cell asks for its own). */
    String calendarToken(User user) {
        String url = call("POST", "/api/v1/users/me/calendar-feed", user, null, 200).get("url").asString();
        String file = url.substring(url.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - ".ics".length());
    }

    /** A webhook endpoint of the user's on a public address (the matrix runs with private addresses refused). */
    String webhook(User owner) {
        return call("POST", "/api/v1/webhooks", owner, Map.of("url", WEBHOOK_URL, "event_types",
                List.of("booking.waitlisted")), 201).get("id").asString();
    }

    /** A delivery of the webhook that failed for good, as the worker leaves one after its last attempt. */
    String failedDelivery(String webhookId) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO webhook_deliveries (id, endpoint_id, source_key, message_id, event_type, payload, status, "
                + "attempts, next_attempt_at, last_attempt_at, status_code, created_at) "
                + "VALUES (?, ?, ?, ?, 'event.deleted', '{}', 'failed', 8, ?, ?, 500, ?)", id, UUID.fromString(webhookId),
                "matrix:" + id, "msg_" + id.toString().replace("-", ""), now, now, now);
        return id.toString();
    }

    /**
     * A public address nothing here answers on. The fixture's endpoints hear only of waiting-list places, which no cell
     * makes: failed deliveries would pause them (eventflow.webhook.disable-after) and their resends be refused.
     */
    static final String WEBHOOK_URL = "https://93.184.215.14/matrix";

    /** A single-use password reset token of the fixture's reset user, as the reset mail would carry it. */
    String resetToken() {
        String token = UUID.randomUUID() + "-" + UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.update("INSERT INTO password_reset_tokens (id, token_hash, user_id, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?)", UUID.randomUUID(), sha256(token), world.resetUser.id, Timestamp.from(now),
                Timestamp.from(now.plus(30, ChronoUnit.MINUTES)));
        return token;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String uploadPhoto(String eventId, User as) {
        Body body = Body.multipart("photo", "matrix.png", "image/png", PNG);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events/" + eventId
                + "/photos")).header("Authorization", "Bearer " + as.token).header("Content-Type", body.contentType)
                .POST(body.publisher()).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }

    /** Sends one chat message as {@code user}, over the WebSocket as a client does. */
    void chat(String eventId, User user, String text) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/ws/chat/" + eventId + "?token=" + user.token),
                new WebSocket.Listener() {
                    final StringBuilder frame = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        frame.append(data);
                        if (last) {
                            if (frame.indexOf("\"new_message\"") >= 0) {
                                stored.complete(null);
                            }
                            frame.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        socket.sendText("{\"type\":\"join_chat\",\"data\":{}}", true).join();
        socket.sendText(JSON.writeValueAsString(Map.of("type", "send_message", "data", Map.of("text", text))), true)
                .join();
        stored.orTimeout(10, TimeUnit.SECONDS).join();
        socket.abort();
    }

    static final byte[] PNG = png();

    private static byte[] png() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A valid event: it starts in 45 minutes, so an arrival at the venue is within its window. */
    static Map<String, Object> eventBody(String title) {
        Instant start = Instant.now().plus(45, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("title", title);
        event.put("description", "Checking who may do what");
        event.put("category", "tech-meetup");
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        event.put("location", "Tel Aviv, Rothschild 1");
        event.put("latitude", 32.0636);
        event.put("longitude", 34.7745);
        event.put("capacity", 50);
        return event;
    }

    static Map<String, Object> seriesBody(String title) {
        Map<String, Object> series = eventBody(title);
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        series.put("start_time", start.toString());
        series.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        series.put("rrule", "FREQ=WEEKLY;COUNT=3");
        return series;
    }

    static String in(int minutes) {
        return Instant.now().plus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ----------------------------------------------------------------------------------------- the body catalogue

    /** A request body. */
    record Body(String contentType, byte[] content) {
        static final Body NONE = new Body(null, new byte[0]);

        static Body json(Object value) {
            return new Body("application/json", JSON.writeValueAsBytes(value));
        }

        static Body form(Map<String, String> fields) {
            return new Body("application/x-www-form-urlencoded", fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8));
        }

        static Body multipart(String field, String fileName, String contentType, byte[] content) {
            String boundary = "matrix-" + UUID.randomUUID();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return new Body("multipart/form-data; boundary=" + boundary, out.toByteArray());
        }

        HttpRequest.BodyPublisher publisher() {
            return content.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(content);
        }
    }

    /** How to call one route: what it needs afresh, its query string and its body. */
    record Probe(Set<Fresh> fresh, Function<Cell, String> query, Function<Cell, Body> body) {
        static final Probe DEFAULT = new Probe(Set.of(), c -> "", c -> Body.NONE);

        Probe fresh(Fresh... kinds) {
            return new Probe(kinds.length == 0 ? Set.of() : EnumSet.of(kinds[0], kinds), query, body);
        }

        Probe query(Function<Cell, String> query) {
            return new Probe(fresh, c -> "?" + query.apply(c), body);
        }

        Probe json(Function<Cell, Object> json) {
            return new Probe(fresh, query, c -> Body.json(json.apply(c)));
        }

        Probe form(Function<Cell, Map<String, String>> form) {
            return new Probe(fresh, query, c -> Body.form(form.apply(c)));
        }

        Probe body(Function<Cell, Body> body) {
            return new Probe(fresh, query, body);
        }
    }

    static final Map<Route, Probe> PROBES = new HashMap<>();

    private static Probe probe(String method, String path) {
        return PROBES.computeIfAbsent(new Route(method, path), r -> Probe.DEFAULT);
    }

    private static void on(String method, String path, Function<Probe, Probe> setUp) {
        PROBES.put(new Route(method, path), setUp.apply(probe(method, path)));
    }

    private static String unique() {
        return "n" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Map<String, Object> account(String role) {
        String name = unique();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("username", name, "email", name + "@example.com",
                "password", "password-" + name));
        if (role != null) {
            body.put("role", role);
        }
        return body;
    }

    private static Map<String, String> webEvent(String title, Long version) {
        String start = Instant.now().plus(2, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC).toLocalDateTime()
                .truncatedTo(ChronoUnit.MINUTES).toString();
        String end = Instant.now().plus(2, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC)
                .toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).toString();
        Map<String, String> form = new LinkedHashMap<>(Map.of("title", title, "description", "From the web UI",
                "category", "tech-meetup", "startTime", start, "endTime", end, "timezone", "UTC", "location",
                "Tel Aviv, Rothschild 1", "capacity", "50", "status", "scheduled"));
        if (version != null) {
            form.put("version", version.toString());
        }
        return form;
    }

    static {
        // --- accounts (identity): credentials in the body, so every actor is answered alike
        on("POST", "/api/v1/auth/register", p -> p.json(c -> account("attendee")));
        on("POST", "/api/v1/auth/login", p -> p.json(c -> Map.of("username", c.world.attendee.username,
                "password", c.world.attendee.password)));
        on("POST", "/api/v1/auth/refresh", p -> p.json(c -> Map.of("refresh_token",
                c.it.login(c.world.attendee.username, c.world.attendee.password).refreshToken)));
        on("POST", "/api/v1/auth/logout", p -> p.fresh(Fresh.ACTOR));
        on("POST", "/api/v1/auth/forgot-password", p -> p.json(c -> Map.of("email", "nobody@example.invalid")));
        on("POST", "/api/v1/auth/reset-password", p -> p.json(c -> Map.of("token", c.it.resetToken(),
                "new_password", "a-new-password-" + unique())));
        on("PATCH", "/api/v1/users/me", p -> p.json(c -> Map.of()));
        on("PUT", "/api/v1/users/{id}", p -> p.json(c -> Map.of("username", c.booked.username, "email",
                c.booked.email)));
        on("DELETE", "/api/v1/users/{id}", p -> p.fresh(Fresh.SUBJECT));

        // --- events (catalog)
        on("POST", "/api/v1/events", p -> p.json(c -> eventBody("Published")));
        on("POST", "/api/v1/events/batch", p -> p.json(c -> Map.of("events", List.of(eventBody("Batched")))));
        on("PUT", "/api/v1/events/{id}", p -> p.json(c -> eventBody("Matrix night")));
        on("PATCH", "/api/v1/events/{id}", p -> p.json(c -> Map.of("description", "Changed")));
        on("DELETE", "/api/v1/events/{id}", p -> p.fresh(Fresh.EVENT));
        on("POST", "/api/v1/event-series", p -> p.json(c -> seriesBody("Series")));
        on("PATCH", "/api/v1/event-series/{id}", p -> p.json(c -> Map.of("description", "Changed")));
        on("DELETE", "/api/v1/event-series/{id}", p -> p.fresh(Fresh.SERIES));

        // --- bookings, attendance, tickets
        on("POST", "/api/v1/events/{id}/bookings", p -> p.fresh(Fresh.SCENE));
        on("POST", "/api/v1/events/{id}/rsvp", p -> p.fresh(Fresh.SCENE));
        on("POST", "/api/v1/bookings", p -> p.fresh(Fresh.SCENE).json(c -> Map.of("event_id", c.scene.eventId)));
        on("DELETE", "/api/v1/bookings/{id}", p -> p.fresh(Fresh.SCENE));
        on("POST", "/api/v1/events/{id}/arrival", p -> p.fresh(Fresh.SCENE)
                .json(c -> Map.of("latitude", 32.0637, "longitude", 34.7746)));
        on("POST", "/api/v1/events/{id}/check-in", p -> p.fresh(Fresh.SCENE)
                .json(c -> Map.of("code", c.scene.ticketCode())));

        // --- announcements: on a new event each, so the fixture's participants are not told and no allowance runs out
        on("POST", "/api/v1/events/{id}/announcements", p -> p.fresh(Fresh.SCENE)
                .json(c -> Map.of("subject", "Matrix", "body", "Told through the API")));

        // --- photos
        on("POST", "/api/v1/events/{id}/photos", p -> p.body(c -> Body.multipart("photo", "p.png", "image/png", PNG)));
        on("DELETE", "/api/v1/photos/{id}", p -> p.fresh(Fresh.PHOTO));

        // --- webhooks
        on("POST", "/api/v1/webhooks", p -> p.json(c -> Map.of("url", WEBHOOK_URL, "event_types", List.of("booking.waitlisted"))));
        on("PUT", "/api/v1/webhooks/{id}", p -> p.json(c -> Map.of("url", WEBHOOK_URL, "event_types", List.of("booking.waitlisted"))));
        on("DELETE", "/api/v1/webhooks/{id}", p -> p.fresh(Fresh.WEBHOOK));
        on("POST", "/webhooks", p -> p.form(c -> Map.of("url", WEBHOOK_URL, "eventTypes", "booking.waitlisted")));
        on("POST", "/webhooks/{id}/enabled", p -> p.form(c -> Map.of("enabled", "true")));
        on("POST", "/webhooks/{id}/delete", p -> p.fresh(Fresh.WEBHOOK));
        // --- notifications
        on("PUT", "/api/v1/users/me/notification-preferences", p -> p.json(c -> Map.of("booking_confirmed",
                Map.of("email", true))));

        // --- seed 000 (port 8000, below /api/compat on the main port)
        on("POST", "/api/compat/create", p -> p.fresh(Fresh.ACTOR).json(c -> Map.of("events", List.of(Map.of(
                "title", "Seed 000", "description", "d", "start_time", in(60), "end_time", in(120), "location",
                "Haifa")))));
        on("GET", "/api/compat/events/get", p -> p.query(c -> "id=" + c.scene.eventNumber));
        on("POST", "/api/compat/events/delete", p -> p.fresh(Fresh.EVENT).json(c -> Map.of("id", c.scene.eventNumber)));
        on("PUT", "/api/compat/events/update", p -> p.json(c -> Map.of("id", c.scene.eventNumber, "values",
                Map.of("description", "Changed by seed 000"))));

        // --- seed 001 (AlphaBet)
        for (String slash : List.of("", "/")) {
            on("POST", "/api/compat/api/auth/signup" + slash, p -> p.json(c -> account(null)));
            on("POST", "/api/compat/api/auth/signin" + slash, p -> p.json(c -> Map.of("username",
                    c.world.attendee.username, "password", c.world.attendee.password)));
            on("PUT", "/api/compat/api/user/{id}" + slash, p -> p.json(c -> Map.of("username", c.booked.username)));
            on("DELETE", "/api/compat/api/user/{id}" + slash, p -> p.fresh(Fresh.SUBJECT));
            on("POST", "/api/compat/api/events" + slash, p -> p.fresh(Fresh.ACTOR).json(c -> Map.of("name",
                    "Seed 001", "starting_time", in(60), "end_time", in(120), "location", "Haifa")));
            on("PUT", "/api/compat/api/event/{id}" + slash, p -> p.json(c -> Map.of("location",
                    "Tel Aviv, Rothschild 1")));
            on("DELETE", "/api/compat/api/event/{id}" + slash, p -> p.fresh(Fresh.EVENT));
        }

        // --- seed 002 (event-manager)
        on("POST", "/api/compat/events", p -> p.fresh(Fresh.ACTOR).json(c -> Map.of("title", "Seed 002",
                "location", "Haifa", "date", in(60))));
        on("PUT", "/api/compat/events", p -> p.query(c -> "id=" + c.scene.eventNumber)
                .json(c -> Map.of("location", "Tel Aviv, Rothschild 1")));
        on("DELETE", "/api/compat/events", p -> p.fresh(Fresh.EVENT).query(c -> "id=" + c.scene.eventNumber));

        // --- seed 003 (the gateway)
        on("POST", "/api/compat-gateway/auth/register", p -> p.json(c -> account(null)));
        on("POST", "/api/compat-gateway/auth/login", p -> p.form(c -> Map.of("username", c.world.attendee.username,
                "password", c.world.attendee.password)));
        on("POST", "/api/compat-gateway/events", p -> p.fresh(Fresh.ACTOR).json(c -> Map.of("name", "Seed 003",
                "description", "d", "start_time", in(60), "end_time", in(120), "location", "Haifa", "capacity", 10,
                "price", 5.0)));
        on("PUT", "/api/compat-gateway/events/{id}", p -> p.json(c -> Map.of("description", "Changed by seed 003")));
        on("DELETE", "/api/compat-gateway/events/{id}", p -> p.fresh(Fresh.EVENT));
        on("POST", "/api/compat-gateway/bookings", p -> p.fresh(Fresh.SCENE)
                .json(c -> Map.of("event_id", c.scene.eventId)));

        // --- seed 004 (port 5000, below /api/compat-v1 on the main port)
        String v1 = "/api/compat-v1/api/v1";
        on("POST", v1 + "/auth/register", p -> p.json(c -> account("attendee")));
        on("POST", v1 + "/auth/login", p -> p.json(c -> Map.of("username", c.world.attendee.username,
                "password", c.world.attendee.password)));
        on("POST", v1 + "/auth/forgot-password", p -> p.json(c -> Map.of("email", "nobody@example.invalid")));
        on("GET", v1 + "/auth/logout", p -> p.fresh(Fresh.ACTOR));
        on("POST", v1 + "/events", p -> p.json(c -> Map.of("title", "Seed 004", "description", "d", "date", in(60),
                "category", "tech-meetup", "location_address", "Haifa", "location", Map.of("type", "Point",
                        "coordinates", List.of(34.98, 32.79)))));
        on("PUT", v1 + "/events/{id}", p -> p.json(c -> Map.of("description", "Changed by seed 004")));
        on("DELETE", v1 + "/events/{id}", p -> p.fresh(Fresh.EVENT));
        on("POST", v1 + "/events/{id}/rsvp", p -> p.fresh(Fresh.SCENE));
        on("POST", v1 + "/events/{id}/arrival", p -> p.fresh(Fresh.SCENE)
                .json(c -> Map.of("latitude", 32.0637, "longitude", 34.7746)));
        on("POST", v1 + "/events/{id}/photos", p -> p.body(c -> Body.multipart("photo", "p.png", "image/png", PNG)));

        // --- the web UI: forms with the session's CSRF token
        on("POST", "/register", p -> p.fresh(Fresh.BROWSER).form(c -> {
            String name = unique();
            return Map.of("username", name, "email", name + "@example.com", "password", "password-" + name,
                    "confirmPassword", "password-" + name, "role", "attendee");
        }));
        on("POST", "/forgot-password", p -> p.form(c -> Map.of("email", "nobody@example.invalid")));
        on("GET", "/reset-password", p -> p.query(c -> "token=" + c.it.resetToken()));
        on("POST", "/reset-password", p -> p.form(c -> {
            String password = "a-new-password-" + unique();
            return Map.of("token", c.it.resetToken(), "password", password, "confirmPassword", password);
        }));
        on("POST", "/events", p -> p.form(c -> webEvent("From the web", null)));
        on("POST", "/events/{id}", p -> p.form(c -> webEvent("Matrix night", c.it.call("GET", "/api/v1/events/"
                + c.scene.eventId, null, null, 200).get("version").asLong())));
        on("POST", "/events/{id}/delete", p -> p.fresh(Fresh.EVENT));
        on("POST", "/events/import", p -> p.body(c -> Body.multipart("file", "events.json", "application/json",
                JSON.writeValueAsBytes(Map.of("events", List.of(eventBody("Imported")))))));
        on("POST", "/events/{id}/book", p -> p.fresh(Fresh.SCENE));
        on("POST", "/bookings/{id}/cancel", p -> p.fresh(Fresh.SCENE));
        on("POST", "/events/{id}/check-in", p -> p.fresh(Fresh.SCENE).form(c -> Map.of("code", c.scene.ticketCode())));
        on("POST", "/events/{id}/announcements", p -> p.fresh(Fresh.SCENE)
                .form(c -> Map.of("subject", "Matrix", "body", "Told through the web UI")));
        on("POST", "/events/{id}/photos", p -> p.body(c -> Body.multipart("photo", "p.png", "image/png", PNG)));
        on("POST", "/photos/{photoId}/delete", p -> p.fresh(Fresh.PHOTO).form(c -> Map.of("eventId",
                c.scene.eventId)));
        on("POST", "/profile/language", p -> p.form(c -> Map.of("language", "en")));
        on("POST", "/notifications/preferences", p -> p.form(c -> Map.of("booking_confirmed.email", "on")));
    }
}
