/*
 * The fault run (bench/README.md, "Fault run"): load on a cluster behind nginx the whole time — a booking rush over
 * several events with cancellations, WebSocket clients, chat, browser sign-ins through the UI's form, mail-producing
 * actions — while faults are injected in turn: kill -9 a node (and bring it back), restart Redis empty, stop
 * RabbitMQ for 60 s, make SMTP refuse for 60 s, stop PostgreSQL for 10 s. Afterwards the outcome is verified from
 * the database, the SMTP sink's directory and what the clients saw, and printed as a table.
 *
 * Run through run.sh, which starts the cluster (deploy/cluster.sh) and stops it afterwards:
 *   bench/chaos/run.sh [--ws 1000] [--users 240] [--rate 25]
 * A single-file Java program (JDK only), started with `java ChaosRun.java`.
 */
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class ChaosRun {

    static String base;
    static String wsBase;
    static String database;
    static String cluster;
    static Path mailDir;
    static String pgVersion;
    static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static final long T0 = System.nanoTime();
    static final List<Phase> PHASES = new CopyOnWriteArrayList<>();
    static volatile Phase phase;
    static volatile boolean loadRunning = true;
    static long drainSeconds;
    /** Which faults to inject (--faults node,redis,rabbitmq,smtp,postgres); the others' phases run load alone. */
    static Set<String> faults;

    public static void main(String[] args) throws Exception {
        base = arg(args, "--base", "http://127.0.0.1:9080");
        wsBase = base.replaceFirst("^http", "ws");
        database = arg(args, "--db", "eventflow_chaos");
        cluster = arg(args, "--cluster", "deploy/cluster.sh");
        mailDir = Path.of(arg(args, "--mail", "/tmp/eventflow-chaos/mail"));
        pgVersion = arg(args, "--pg-version", "15");
        int wsClients = Integer.parseInt(arg(args, "--ws", "1000"));
        int users = Integer.parseInt(arg(args, "--users", "240"));
        double rate = Double.parseDouble(arg(args, "--rate", "25"));
        int browsers = Integer.parseInt(arg(args, "--browsers", "20"));
        int chatters = Integer.parseInt(arg(args, "--chatters", "8"));
        int observe = Integer.parseInt(arg(args, "--observe", "30"));
        faults = Set.of(arg(args, "--faults", "node,redis,rabbitmq,smtp,postgres").split(","));
        int drainMinutes = Integer.parseInt(arg(args, "--drain-minutes", "15"));

        phase = new Phase("setup");
        PHASES.add(phase);
        Instant runStart = Instant.now();
        System.out.printf("== Setup: an organizer, %d attendees, events, %d browser sign-ins, %d chatters, %d WebSocket clients%n",
                users, browsers, chatters, wsClients);
        World world = World.create(users, observe);
        ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
        List<Browser> signedIn = new CopyOnWriteArrayList<>();
        for (int i = 0; i < browsers; i++) {
            User user = world.attendees.get(world.attendees.size() - 1 - i);
            signedIn.add(Browser.signIn(user));
        }
        System.out.printf("   %d of %d browsers signed in through the form%n", signedIn.stream().filter(b -> b.signedIn).count(), browsers);
        List<Chatter> chat = new ArrayList<>();
        for (int i = 0; i < chatters; i++) {
            chat.add(Chatter.start(world.attendees.get(i), world.rush.get(i % world.rush.size())));
        }
        List<Watcher> watchers = new ArrayList<>();
        for (int i = 0; i < wsClients; i++) {
            String event = i % 2 == 0 ? world.ticker : world.rush.get((i / 2) % world.rush.size());
            watchers.add(Watcher.start(event, event.equals(world.ticker)));
            if (i % 50 == 49) {
                Thread.sleep(100); // a steady ramp, not a thundering herd at start
            }
        }
        Thread.sleep(3000);
        System.out.printf("   %d of %d WebSocket clients connected%n", watchers.stream().filter(w -> w.connected).count(), wsClients);

        // the load, running through every phase
        Booker booker = new Booker(world);
        int workers = 6;
        for (int i = 0; i < workers; i++) {
            load.execute(() -> booker.loop(rate / workers));
        }
        load.execute(world::tick);
        for (Browser browser : signedIn) {
            load.execute(browser::browse);
        }
        for (Chatter chatter : chat) {
            load.execute(chatter::talk);
        }

        run("baseline", "", 0, observe, null);
        run("kill -9 node 1, start it again", "node", observe, observe, () -> {
            sh(cluster + " kill 1");
            sleep(20);
            sh(cluster + " start 1");
        });
        List<String> revoked = world.revokedTokens(20);
        long revokedBefore = revoked.stream().filter(token -> validates(token)).count();
        run("restart Redis empty", "redis", observe, observe, () -> {
            sh("redis-cli -p 6379 shutdown nosave || true");
            sleep(2);
            sh("redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
            sh("for i in $(seq 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done");
        });
        long revokedAfter = revoked.stream().filter(token -> validates(token)).count();
        run("stop RabbitMQ for 60 s", "rabbitmq", observe, observe, () -> {
            sh("rabbitmqctl stop >/dev/null 2>&1 || true");
            sleep(60);
            sh("rabbitmq-server -detached >/dev/null 2>&1; for i in $(seq 120); do rabbitmqctl -q await_startup >/dev/null 2>&1 && break; sleep 1; done");
        });
        run("SMTP refuses for 60 s", "smtp", observe, observe, () -> {
            sh(cluster + " smtp stop");
            sleep(60);
            sh(cluster + " smtp start");
        });
        run("stop PostgreSQL for 10 s", "postgres", observe, observe, () -> {
            sh("pg_ctlcluster --skip-systemctl-redirect " + pgVersion + " main stop -m fast");
            sleep(10);
            sh("pg_ctlcluster --skip-systemctl-redirect " + pgVersion + " main start");
        });
        run("after the faults", "", 0, observe, null);

        loadRunning = false;
        phase = new Phase("drain");
        PHASES.add(phase);
        load.shutdown();
        load.awaitTermination(60, TimeUnit.SECONDS);
        System.out.println("== Drain: until every domain event is handled and every mail due is delivered");
        System.out.println("   (a crashed node's unfinished work is taken over after spring.modulith.events.staleness, 10 min;");
        System.out.println("    failed mails are retried after 30 s, 1, 2, 4 min)");
        long drainStart = now();
        while (true) {
            long publications = Long.parseLong(sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL"));
            long pending = Long.parseLong(sql("SELECT count(*) FROM notifications WHERE channel = 'email' AND status = 'pending'"));
            System.out.printf("   t+%ds: %d domain events unfinished, %d e-mails pending%n", (now() - drainStart) / 1000, publications, pending);
            if (publications == 0 && pending == 0 || now() - drainStart > TimeUnit.MINUTES.toMillis(drainMinutes)) {
                break;
            }
            Thread.sleep(15_000);
        }
        drainSeconds = (now() - drainStart) / 1000;
        // reminders: the job runs every minute on each node; a participant promoted in the last seconds of the load
        // is reminded by its next run, so the check waits for one after the load stopped
        Thread.sleep(Math.max(5000, 70_000 - (now() - drainStart)));
        report(world, booker, watchers, chat, signedIn, revoked.size(), revokedBefore, revokedAfter, runStart);
        watchers.forEach(Watcher::close);
        chat.forEach(Chatter::close);
        System.exit(0);
    }

    // ---------------------------------------------------------------- phases

    static final class Phase {
        final String name;
        final long startedAt = now();
        volatile long injectedAt;
        volatile long injectionDoneAt;
        volatile long endedAt;
        final LongAdder requests = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder failedConnections = new LongAdder();
        final AtomicLong firstErrorAt = new AtomicLong();
        final AtomicLong lastErrorAt = new AtomicLong();

        Phase(String name) {
            this.name = name;
        }

        void error() {
            long at = now();
            firstErrorAt.compareAndSet(0, at);
            lastErrorAt.set(at);
        }
    }

    /** A phase: some load alone, then the fault (if any), then the load again while the cluster recovers. */
    static void run(String name, String kind, int before, int after, Runnable fault) {
        Phase current = new Phase(name);
        PHASES.add(current);
        phase = current;
        System.out.printf("== %s (t=%ds)%n", name, now() / 1000);
        sleep(before);
        current.injectedAt = now();
        if (fault != null && faults.contains(kind)) {
            fault.run();
        }
        current.injectionDoneAt = now();
        sleep(after);
        current.endedAt = now();
        System.out.printf("   %d requests, %d 5xx, %d failed connections%n", current.requests.sum(), current.serverErrors.sum(),
                current.failedConnections.sum());
    }

    // ---------------------------------------------------------------- HTTP

    record Res(int status, String body, HttpResponse<String> response) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    static Res http(String method, String path, String json, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return send(HTTP, request.build());
    }

    static Res send(HttpClient client, HttpRequest request) {
        Phase counted = phase;
        counted.requests.increment();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                counted.serverErrors.increment();
                counted.error();
            }
            return new Res(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            counted.failedConnections.increment();
            counted.error();
            return new Res(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Res(-1, "interrupted", null);
        }
    }

    static Res post(String path, String json, String token) {
        return http("POST", path, json, token, Map.of());
    }

    /** Retries a request that got no answer or a 5xx, as a careful client does; the same Idempotency-Key each time. */
    static Res retried(String method, String path, String json, String token, Map<String, String> headers) {
        Res res = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            res = http(method, path, json, token, headers);
            if (res.status > 0 && res.status < 500) {
                return res;
            }
            sleepMillis(1000L << Math.min(attempt, 3));
        }
        return res;
    }

    static boolean validates(String token) {
        Res res = retried("GET", "/api/v1/auth/validate", null, token, Map.of());
        return res.status == 200;
    }

    // ---------------------------------------------------------------- the world: users and events

    record User(String id, String username, String password, String token) {
    }

    static final class World {
        User organizer;
        final List<User> attendees = new ArrayList<>();
        final List<String> rush = new ArrayList<>();
        final List<String> reminderEvents = new ArrayList<>();
        String ticker;
        final Map<String, Integer> capacity = new HashMap<>();
        final List<long[]> ticks = new CopyOnWriteArrayList<>(); // {tick number, acknowledged at}
        int nextAttendee;

        static World create(int users, int observe) throws Exception {
            World world = new World();
            world.organizer = register("organizer", "organizer");
            Instant inTwoDays = Instant.now().plus(Duration.ofDays(2));
            for (int i = 0; i < 16; i++) {
                world.rush.add(world.event("Rush " + i, inTwoDays.plusSeconds(i * 3600L), 20));
            }
            // reminders are due while node 1 is killed: their 30-minute window opens during that phase
            Instant killAt = Instant.now().plusSeconds(observe + 10L);
            for (int i = 0; i < 4; i++) {
                world.reminderEvents.add(world.event("Starting soon " + i,
                        killAt.plus(Duration.ofMinutes(30)).plusSeconds(i * 15L), 20));
            }
            world.ticker = world.event("Ticker", inTwoDays, 0);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<CompletableFuture<User>> registered = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                registered.add(CompletableFuture.supplyAsync(() -> register("attendee", "attendee"), pool));
            }
            for (CompletableFuture<User> user : registered) {
                world.attendees.add(user.join());
            }
            pool.shutdown();
            return world;
        }

        String event(String title, Instant start, int seats) {
            String body = """
                    {"title": "%s %s", "description": "chaos run", "category": "chaos", "start_time": "%s", "end_time": "%s",
                     "location": "Tel Aviv", "latitude": 32.08, "longitude": 34.78, "capacity": %s}"""
                    .formatted(title, RUN, start, start.plus(Duration.ofHours(2)), seats == 0 ? "null" : seats);
            Res res = retried("POST", "/api/v1/events", body, organizer.token, Map.of());
            if (res.status != 201) {
                throw new IllegalStateException("event not created: " + res.status + " " + res.body);
            }
            String id = field(res.body, "id");
            capacity.put(id, seats);
            return id;
        }

        /** The organizer changes the ticker event every 2 s; each WebSocket client watching it should see each tick. */
        void tick() {
            int n = 0;
            while (loadRunning) {
                n++;
                Res res = http("PATCH", "/api/v1/events/" + ticker, "{\"description\": \"tick " + n + "\"}", organizer.token, Map.of());
                if (res.ok()) {
                    ticks.add(new long[] {n, now()});
                }
                sleepMillis(2000);
            }
        }

        /** Fresh sign-ins, each then signed out: tokens that must stay refused whatever happens to Redis. */
        List<String> revokedTokens(int count) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                User user = attendees.get(20 + i);
                Res login = retried("POST", "/api/v1/auth/login",
                        "{\"username\": \"%s\", \"password\": \"%s\"}".formatted(user.username, user.password), null, Map.of());
                String token = field(login.body, "access_token");
                Res logout = retried("POST", "/api/v1/auth/logout", null, token, Map.of());
                if (logout.status == 204) {
                    tokens.add(token);
                }
            }
            return tokens;
        }
    }

    static User register(String prefix, String role) {
        String username = "chaos-" + RUN + "-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "chaos-password-" + UUID.randomUUID();
        Res res = retried("POST", "/api/v1/auth/register", """
                {"username": "%s", "email": "%s@chaos.example", "password": "%s", "role": "%s"}"""
                .formatted(username, username, password, role), null, Map.of());
        if (res.status != 201) {
            throw new IllegalStateException("registration failed: " + res.status + " " + res.body);
        }
        return new User(field(res.body, "id"), username, password, field(res.body, "access_token"));
    }

    // ---------------------------------------------------------------- booking rush

    record Acked(String bookingId, String userId, String eventId, String status) {
    }

    static final class Booker {
        final World world;
        final List<User> crowd;
        final Map<String, Acked> acked = new ConcurrentHashMap<>();
        final Set<String> cancelled = ConcurrentHashMap.newKeySet();
        final Map<String, List<String>> active = new ConcurrentHashMap<>(); // user → booking ids acknowledged as active
        final LongAdder conflicts = new LongAdder();
        final LongAdder unanswered = new LongAdder();

        Booker(World world) {
            this.world = world;
            // the first attendees chat, the last ones browse, 20.. are signed in and out for the revocation check
            this.crowd = world.attendees.subList(40, world.attendees.size() - 20);
            acked.putAll(CHATTER_BOOKINGS);
        }

        void loop(double perSecond) {
            long pause = (long) (1000 / perSecond);
            List<String> events = new ArrayList<>(world.rush);
            events.addAll(world.reminderEvents);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (loadRunning) {
                User user = crowd.get(random.nextInt(crowd.size()));
                List<String> mine = active.computeIfAbsent(user.id, id -> Collections.synchronizedList(new ArrayList<>()));
                if (!mine.isEmpty() && random.nextInt(4) == 0) {
                    String booking = mine.remove(random.nextInt(mine.size()));
                    Res res = retried("DELETE", "/api/v1/bookings/" + booking, null, user.token, Map.of());
                    if (res.ok()) {
                        cancelled.add(booking);
                    } else if (res.status < 0 || res.status >= 500) {
                        unanswered.increment();
                    }
                } else {
                    String event = events.get(random.nextInt(events.size()));
                    Res res = retried("POST", "/api/v1/events/" + event + "/bookings", "{}", user.token,
                            Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                    if (res.ok()) {
                        String id = field(res.body, "id");
                        acked.put(id, new Acked(id, user.id, event, field(res.body, "status")));
                        mine.add(id);
                    } else if (res.status == 409) {
                        conflicts.increment(); // already booked on it: the one-booking-per-event rule
                    } else if (res.status < 0 || res.status >= 500) {
                        unanswered.increment();
                    }
                }
                sleepMillis(pause);
            }
        }
    }

    // ---------------------------------------------------------------- browsers (the UI's form sign-in, no stickiness)

    static final class Browser {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        volatile boolean signedIn;
        final Map<String, Boolean> signedInAtEnd = new ConcurrentHashMap<>(); // phase name → still signed in at its end
        final LongAdder checks = new LongAdder();

        static Browser signIn(User user) {
            Browser browser = new Browser();
            Res page = send(browser.client, HttpRequest.newBuilder(URI.create(base + "/login")).build());
            Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page.body);
            if (!csrf.find()) {
                csrf = Pattern.compile("value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(page.body);
                if (!csrf.find()) {
                    return browser;
                }
            }
            String form = "username=" + enc(user.username) + "&password=" + enc(user.password) + "&_csrf=" + enc(csrf.group(1));
            Res res = send(browser.client, HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
            String location = res.response == null ? "" : res.response.headers().firstValue("Location").orElse("");
            browser.signedIn = res.status == 302 && !location.contains("error") && browser.profile();
            return browser;
        }

        boolean profile() {
            Res res = send(client, HttpRequest.newBuilder(URI.create(base + "/profile")).timeout(Duration.ofSeconds(15)).build());
            checks.increment();
            if (res.status == 200) {
                return true;
            }
            if (res.status == 302 || res.status == 401 || res.status == 403) {
                return false;
            }
            return signedIn; // no answer: nothing learnt about the session
        }

        void browse() {
            while (loadRunning) {
                if (signedIn) {
                    signedIn = profile();
                }
                signedInAtEnd.put(phase.name, signedIn);
                sleepMillis(3000);
            }
        }
    }

    // ---------------------------------------------------------------- WebSocket clients

    static final HttpClient WS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    static final ScheduledExecutorService RECONNECTS = Executors.newScheduledThreadPool(2);

    /** Watches one event's channel; reconnects after a drop as live.js does (short first delay, jitter, back-off). */
    static final class Watcher implements WebSocket.Listener {
        final String event;
        final boolean ticker;
        volatile boolean connected;
        volatile boolean closing;
        volatile WebSocket socket;
        final List<long[]> intervals = new CopyOnWriteArrayList<>(); // {opened, closed or 0}
        final Set<Integer> ticks = ConcurrentHashMap.newKeySet();
        final List<Long> reconnectMillis = new CopyOnWriteArrayList<>();
        volatile long droppedAt;
        volatile int drops;
        volatile Integer seatsLeft;
        final StringBuilder partial = new StringBuilder();
        int attempt;

        static Watcher start(String event, boolean ticker) {
            Watcher watcher = new Watcher(event, ticker);
            watcher.connect();
            return watcher;
        }

        Watcher(String event, boolean ticker) {
            this.event = event;
            this.ticker = ticker;
        }

        void connect() {
            WS.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(wsBase + "/ws/events/" + event), this)
                    .whenComplete((ws, error) -> {
                        if (error != null) {
                            retry();
                        }
                    });
        }

        void retry() {
            if (closing) {
                return;
            }
            long cap = Math.min(500L << Math.min(attempt++, 6), 10_000);
            RECONNECTS.schedule(this::connect, ThreadLocalRandom.current().nextLong(250, cap + 1), TimeUnit.MILLISECONDS);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            connected = true;
            attempt = 0;
            long at = now();
            intervals.add(new long[] {at, 0});
            if (droppedAt != 0) {
                reconnectMillis.add(at - droppedAt);
                droppedAt = 0;
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                // event_updated carries the description's old and new value: the tick is the larger number
                Matcher tick = TICK.matcher(frame);
                int newest = -1;
                while (tick.find()) {
                    newest = Math.max(newest, Integer.parseInt(tick.group(1)));
                }
                if (newest >= 0) {
                    ticks.add(newest);
                }
                Matcher seats = SEATS.matcher(frame);
                if (frame.contains("\"availability\"") && seats.find()) {
                    seatsLeft = "null".equals(seats.group(1)) ? null : Integer.valueOf(seats.group(1));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped();
        }

        private synchronized void dropped() {
            if (!connected) {
                return;
            }
            connected = false;
            long at = now();
            intervals.get(intervals.size() - 1)[1] = at;
            if (!closing) {
                drops++;
                droppedAt = at;
                retry();
            }
        }

        /** Was this client connected the whole time from just before the tick until the frame had time to arrive? */
        boolean coveredWhole(long from, long to) {
            for (long[] interval : intervals) {
                if (interval[0] <= from && (interval[1] == 0 || interval[1] >= to)) {
                    return true;
                }
            }
            return false;
        }

        void close() {
            closing = true;
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    static final Pattern TICK = Pattern.compile("tick (\\d+)");
    static final Pattern SEATS = Pattern.compile("\"seats_left\"\\s*:\\s*(null|-?\\d+)");

    // ---------------------------------------------------------------- chat

    /** The chatters' own bookings (a seat is what lets them into the chat): acknowledged like the rush's. */
    static final Map<String, Acked> CHATTER_BOOKINGS = new ConcurrentHashMap<>();

    static final class Chatter implements WebSocket.Listener {
        final User user;
        final String event;
        final String prefix;
        volatile WebSocket socket;
        volatile boolean closing;
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Set<String> echoed = ConcurrentHashMap.newKeySet();
        final StringBuilder partial = new StringBuilder();
        final AtomicInteger counter = new AtomicInteger();

        Chatter(User user, String event) {
            this.user = user;
            this.event = event;
            this.prefix = "chaos-" + RUN + "-" + user.username.substring(user.username.length() - 8) + "-";
        }

        static Chatter start(User user, String event) {
            Res booked = retried("POST", "/api/v1/events/" + event + "/bookings", "{}", user.token,
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            if (!booked.ok()) {
                throw new IllegalStateException("chatter not booked: " + booked.status + " " + booked.body);
            }
            CHATTER_BOOKINGS.put(field(booked.body, "id"), new Acked(field(booked.body, "id"), user.id, event, field(booked.body, "status")));
            Chatter chatter = new Chatter(user, event);
            chatter.connect();
            return chatter;
        }

        void connect() {
            WS.newWebSocketBuilder().buildAsync(URI.create(wsBase + "/ws/chat/" + event + "?token=" + user.token), this)
                    .whenComplete((ws, error) -> {
                        if (error != null && !closing) {
                            RECONNECTS.schedule(this::connect, 1, TimeUnit.SECONDS);
                        }
                    });
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.sendText("{\"type\":\"join_chat\"}", true);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Matcher texts = Pattern.compile("\"(" + Pattern.quote(prefix) + "\\d+)\"").matcher(partial);
                while (texts.find()) {
                    echoed.add(texts.group(1));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            reconnect(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reconnect(webSocket);
        }

        private void reconnect(WebSocket dropped) {
            if (socket == dropped && !closing) {
                socket = null;
                RECONNECTS.schedule(this::connect, 1, TimeUnit.SECONDS);
            }
        }

        void talk() {
            while (loadRunning) {
                WebSocket ws = socket;
                if (ws != null) {
                    String text = prefix + counter.incrementAndGet();
                    try {
                        ws.sendText("{\"type\":\"send_message\",\"data\":{\"text\":\"" + text + "\"}}", true).get(5, TimeUnit.SECONDS);
                        sent.add(text);
                    } catch (Exception e) {
                        // not sent: nothing to account for
                    }
                }
                sleepMillis(4000);
            }
        }

        void close() {
            closing = true;
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    // ---------------------------------------------------------------- verification

    static void report(World world, Booker booker, List<Watcher> watchers, List<Chatter> chat, List<Browser> browsers,
            int revokedCount, long revokedBefore, long revokedAfter, Instant runStart) throws Exception {
        String events = world.rush.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        String reminderEvents = world.reminderEvents.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        String allEvents = events + "," + reminderEvents;

        // bookings
        Path ids = Files.createTempFile("chaos-acked", ".csv");
        Files.write(ids, booker.acked.keySet());
        Path cancels = Files.createTempFile("chaos-cancelled", ".csv");
        Files.write(cancels, booker.cancelled);
        String lost = sql("CREATE TEMP TABLE acked (id uuid); \\copy acked FROM '" + ids + "'\n"
                + "SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.id = a.id)");
        String cancelLost = sql("CREATE TEMP TABLE cancelled (id uuid); \\copy cancelled FROM '" + cancels + "'\n"
                + "SELECT count(*) FROM cancelled c JOIN bookings b ON b.id = c.id WHERE b.status <> 'cancelled'");
        String twice = sql("SELECT count(*) FROM (SELECT user_id, event_id FROM bookings WHERE event_id IN (" + allEvents
                + ") AND status <> 'cancelled' GROUP BY 1, 2 HAVING count(*) > 1) t");
        String unacked = sql("CREATE TEMP TABLE acked (id uuid); \\copy acked FROM '" + ids + "'\n"
                + "SELECT count(*) FROM bookings b WHERE b.event_id IN (" + allEvents + ") AND b.kind = 'booking'"
                + " AND NOT EXISTS (SELECT 1 FROM acked a WHERE a.id = b.id)");
        String over = sql("SELECT count(*) FROM events e WHERE e.id IN (" + allEvents + ") AND e.capacity < "
                + "(SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed')");
        String skipped = sql("SELECT count(*) FROM events e WHERE e.id IN (" + allEvents + ") AND e.capacity > "
                + "(SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed')"
                + " AND EXISTS (SELECT 1 FROM bookings b WHERE b.event_id = e.id AND b.status = 'waitlisted')");
        String counters = sql("SELECT count(*) FROM events e WHERE e.id IN (" + allEvents + ") AND (e.seats_taken <> "
                + "(SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed') OR e.waitlisted <> "
                + "(SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'waitlisted'))");
        String seatsTaken = sql("SELECT COALESCE(sum(seats_taken), 0) || '/' || COALESCE(sum(capacity), 0) FROM events WHERE id IN (" + allEvents + ")");
        String waiting = sql("SELECT count(*) FROM bookings WHERE event_id IN (" + allEvents + ") AND status = 'waitlisted'");

        // mails: every e-mail notification of this run, and the sink's messages by Message-ID
        Map<String, Integer> atSink = new HashMap<>();
        try (Stream<Path> files = Files.list(mailDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                        atSink.merge(line.substring(11).trim().replaceAll("[<>]", ""), 1, Integer::sum);
                        break;
                    }
                    if (line.isEmpty()) {
                        break;
                    }
                }
            }
        }
        List<String> notifications = sqlLines("SELECT n.id || ',' || n.status || ',' || n.type FROM notifications n"
                + " WHERE n.channel = 'email' AND n.created_at >= '" + runStart + "' AND n.recipient LIKE '%@chaos.example'");
        int sent = 0;
        int failed = 0;
        int pending = 0;
        int once = 0;
        int duplicated = 0;
        int missing = 0;
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (String line : notifications) {
            String[] parts = line.split(",");
            byType.merge(parts[2], 1, Integer::sum);
            switch (parts[1]) {
                case "sent" -> sent++;
                case "failed" -> failed++;
                default -> pending++;
            }
            int copies = atSink.getOrDefault(parts[0] + "@eventflow", 0);
            if (copies == 1) {
                once++;
            } else if (copies > 1) {
                duplicated++;
            } else {
                missing++;
            }
        }
        String bookingsWithoutMail = sql("CREATE TEMP TABLE acked (id uuid); \\copy acked FROM '" + ids + "'\n"
                + "SELECT count(*) FROM bookings b JOIN acked a ON a.id = b.id WHERE NOT EXISTS (SELECT 1 FROM notifications n"
                + " WHERE n.user_id = b.user_id AND n.event_id = b.event_id AND n.channel = 'email'"
                + " AND n.type IN ('booking_confirmed', 'booking_waitlisted', 'booking_promoted'))");

        // reminders
        String participants = sql("SELECT count(*) FROM bookings WHERE event_id IN (" + reminderEvents + ") AND status = 'confirmed'");
        String remindersMissing = sql("SELECT count(*) FROM bookings b WHERE b.event_id IN (" + reminderEvents + ") AND b.status = 'confirmed'"
                + " AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = b.user_id AND n.event_id = b.event_id"
                + " AND n.type = 'reminder' AND n.channel = 'email')");
        String remindersTwice = sql("SELECT count(*) FROM (SELECT user_id, event_id FROM notifications WHERE event_id IN (" + reminderEvents
                + ") AND type = 'reminder' AND channel = 'email' GROUP BY 1, 2 HAVING count(*) > 1) t");
        List<String> reminderMails = sqlLines("SELECT id FROM notifications WHERE event_id IN (" + reminderEvents
                + ") AND type = 'reminder' AND channel = 'email'");
        long reminderMailsOnce = reminderMails.stream().filter(id -> atSink.getOrDefault(id + "@eventflow", 0) == 1).count();

        // chat
        Set<String> echoed = new HashSet<>();
        Set<String> sentChat = new HashSet<>();
        chat.forEach(c -> {
            echoed.addAll(c.echoed);
            sentChat.addAll(c.sent);
        });
        Map<String, Integer> stored = new HashMap<>();
        for (String text : sqlLines("SELECT text FROM chat_messages WHERE text LIKE 'chaos-" + RUN + "-%'")) {
            stored.merge(text, 1, Integer::sum);
        }
        long chatLost = echoed.stream().filter(t -> !stored.containsKey(t)).count();
        long chatTwice = stored.values().stream().filter(n -> n > 1).count();

        // WebSocket
        int drops = 0;
        int reconnects = 0;
        int within10 = 0;
        List<Long> reconnectTimes = new ArrayList<>();
        for (Watcher w : watchers) {
            drops += w.drops;
            for (long millis : w.reconnectMillis) {
                reconnects++;
                reconnectTimes.add(millis);
                if (millis <= 10_000) {
                    within10++;
                }
            }
        }
        Collections.sort(reconnectTimes);
        Map<String, long[]> tickStats = new LinkedHashMap<>(); // phase → {expected, missed}
        for (long[] tick : world.ticks) {
            String during = phaseAt(tick[1]);
            if (during.equals("drain")) {
                continue; // the load had stopped: the clients were no longer waiting for it
            }
            long[] counts = tickStats.computeIfAbsent(during, p -> new long[2]);
            for (Watcher w : watchers) {
                if (w.ticker && w.coveredWhole(tick[1] - 200, tick[1] + 3000)) {
                    counts[0]++;
                    if (!w.ticks.contains((int) tick[0])) {
                        counts[1]++;
                    }
                }
            }
        }
        Map<String, Integer> seatsInDb = new HashMap<>();
        for (String line : sqlLines("SELECT id || ',' || (capacity - seats_taken) FROM events WHERE id IN (" + events + ")")) {
            String[] parts = line.split(",");
            seatsInDb.put(parts[0], Integer.valueOf(parts[1]));
        }
        long watchingRush = watchers.stream().filter(w -> !w.ticker).count();
        long converged = watchers.stream().filter(w -> !w.ticker && w.seatsLeft != null && w.seatsLeft.equals(seatsInDb.get(w.event))).count();

        // print
        System.out.println();
        System.out.println("== Result");
        System.out.printf("%-58s %s%n", "bookings acknowledged (2xx) / cancellations acknowledged", booker.acked.size() + " / " + booker.cancelled.size());
        row("acknowledged bookings missing from the database", lost, "0");
        row("acknowledged cancellations not cancelled in the database", cancelLost, "0");
        row("users holding two active bookings for one event", twice, "0");
        row("events over capacity", over, "0");
        row("events with a free seat and a waiting list (skipped)", skipped, "0");
        row("events whose seat/waitlist counters disagree with bookings", counters, "0");
        System.out.printf("%-58s %s (waiting: %s; 409 already booked: %d; given up after retries: %d; in DB, answer lost: %s)%n",
                "seats taken / capacity", seatsTaken, waiting, booker.conflicts.sum(), booker.unanswered.sum(), unacked);
        System.out.printf("%-58s %d (sent %d, failed %d, pending %d) %s%n", "e-mail notifications due", notifications.size(), sent, failed, pending, byType);
        row("  delivered exactly once (by Message-ID at the sink)", once + " of " + notifications.size(), notifications.size() + " of " + notifications.size());
        row("  delivered more than once", Integer.toString(duplicated), "0");
        row("  never delivered", Integer.toString(missing), "0");
        row("acknowledged bookings without their mail", bookingsWithoutMail, "0");
        System.out.printf("%-58s %s%n", "reminder participants (confirmed, events starting soon)", participants);
        row("  participants without a reminder", remindersMissing, "0");
        row("  participants reminded twice", remindersTwice, "0");
        row("  reminder mails delivered exactly once", reminderMailsOnce + " of " + reminderMails.size(), reminderMails.size() + " of " + reminderMails.size());
        System.out.printf("%-58s %d drops, %d reconnected, %s within 10 s; reconnect p50 %s ms, p99 %s ms, max %s ms%n", "WebSocket clients (" + watchers.size() + ")",
                drops, reconnects, drops == 0 ? "-" : String.format("%.1f %%", 100.0 * within10 / drops), pct(reconnectTimes, 0.5), pct(reconnectTimes, 0.99),
                reconnectTimes.isEmpty() ? "-" : reconnectTimes.get(reconnectTimes.size() - 1));
        row("  clients whose last seats figure matches the database", converged + " of " + watchingRush, watchingRush + " of " + watchingRush);
        tickStats.forEach((name, counts) -> System.out.printf("  %-56s %d of %d frames missed by clients connected throughout%n",
                "event_updated during \"" + name + "\"", counts[1], counts[0]));
        row("chat messages echoed to their sender, lost from history", Long.toString(chatLost), "0");
        row("chat messages stored twice", Long.toString(chatTwice), "0");
        System.out.printf("%-58s %d sent, %d echoed, %d stored%n", "  chat totals", sentChat.size(), echoed.size(), stored.size());
        long survivedKill = browsers.stream().filter(b -> Boolean.TRUE.equals(b.signedInAtEnd.get("kill -9 node 1, start it again"))).count();
        long atEnd = browsers.stream().filter(b -> b.signedIn).count();
        row("browser sign-ins alive after the node kill", survivedKill + " of " + browsers.size(), browsers.size() + " of " + browsers.size());
        row("browser sign-ins alive at the end (after every fault)", atEnd + " of " + browsers.size(), browsers.size() + " of " + browsers.size());
        row("revoked tokens (" + revokedCount + ") accepted before / after the Redis restart", revokedBefore + " / " + revokedAfter, "0 / 0");
        System.out.printf("%-58s %d s after the load stopped%n", "everything settled (outbox empty, no mail pending)", drainSeconds);
        System.out.println();
        System.out.printf("%-34s %9s %7s %12s %s%n", "phase", "requests", "5xx", "no answer", "errors: first .. last after the fault (s), ended by itself");
        for (Phase p : PHASES) {
            if (p.name.equals("setup") || p.name.equals("drain")) {
                continue;
            }
            long errors = p.serverErrors.sum() + p.failedConnections.sum();
            String window = "-";
            if (errors > 0) {
                long reference = p.injectedAt == 0 ? p.startedAt : p.injectedAt;
                long tail = (p.endedAt == 0 ? now() : p.endedAt) - p.lastErrorAt.get();
                window = String.format("%.1f .. %.1f, %s", (p.firstErrorAt.get() - reference) / 1000.0, (p.lastErrorAt.get() - reference) / 1000.0,
                        tail > 10_000 ? "yes (none in the last " + tail / 1000 + " s)" : "NOT YET");
            }
            System.out.printf("%-34s %9d %7d %12d %s%n", p.name, p.requests.sum(), p.serverErrors.sum(), p.failedConnections.sum(), window);
        }
    }

    static void row(String what, String value, String target) {
        System.out.printf("%-58s %-14s (target %s)%s%n", what, value, target, value.equals(target) ? "" : "  <-- differs");
    }

    static String phaseAt(long at) {
        String name = "setup";
        for (Phase p : PHASES) {
            if (p.startedAt <= at) {
                name = p.name;
            }
        }
        return name;
    }

    static String pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? "-" : Long.toString(sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))));
    }

    // ---------------------------------------------------------------- small helpers

    static String sql(String statement) {
        List<String> lines = sqlLines(statement);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    static List<String> sqlLines(String statement) {
        try {
            Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAt", "-v", "ON_ERROR_STOP=1")
                    .redirectErrorStream(true).start();
            process.getOutputStream().write((statement + ";\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("psql failed: " + out);
            }
            return out.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sh(String command) {
        System.out.printf("   $ %s%n", command);
        try {
            Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
            process.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static long now() {
        return (System.nanoTime() - T0) / 1_000_000;
    }

    static void sleep(int seconds) {
        sleepMillis(seconds * 1000L);
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
