package io.eventflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.FormBrowser;
import io.eventflow.support.Nodes;

/**
 * The embedded default a newcomer gets from the README's run command: H2 under the data directory,
 * no Redis, no SMTP, a generated signing key, in-memory rate limits. Everything else in the suite runs
 * on the real servers; this proves the default boots and serves accounts end to end, across a restart.
 */
class EmbeddedModeIT {

    @TempDir
    Path dataDir;

    private Map<String, Object> embedded() {
        Map<String, Object> properties = new HashMap<>();
        // undo what the test infrastructure points every other context at
        properties.put("eventflow.data-dir", dataDir.toString());
        properties.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("eventflow")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=30000");
        properties.put("spring.datasource.username", "sa");
        properties.put("eventflow.redis.enabled", "false");
        properties.put("spring.mail.host", "");
        properties.put("spring.rabbitmq.host", "");
        properties.put("eventflow.identity.jwt.secret", "");
        properties.put("eventflow.identity.admin.username", "");
        properties.put("eventflow.rate-limit.enabled", "true");
        properties.put("eventflow.rate-limit.groups.auth.limits[0].capacity", "6");
        properties.put("eventflow.rate-limit.groups.auth.limits[0].period", "1m");
        properties.put("eventflow.rate-limit.groups.auth.limits[1].capacity", "100");
        properties.put("eventflow.rate-limit.groups.auth.limits[1].period", "1h");
        return properties;
    }

    @Test
    void servesTheAccountFlowOnH2AndKeepsDataAndSessionsAcrossARestart() throws Exception {
        Session user;
        Session loggedOut;
        FormBrowser browser = new FormBrowser();
        try (Nodes nodes = new Nodes()) {
            Api api = nodes.start(embedded());
            assertThat(api.get("/actuator/health/readiness").send().status()).isEqualTo(200);
            // a newcomer sees a living catalog: the demo events on the home page and in the API
            assertThat(api.get("/").send().text()).contains("EventFlow").contains("/swagger-ui.html").contains("Spring Boot in Production");
            assertThat(api.get("/api/v1/events?category=concert").send().body().get("total").asLong()).isPositive();

            user = api.register("organizer");
            Session second = api.login(user.email(), user.password());
            loggedOut = second;
            assertThat(api.get("/api/v1/users/me").bearer(second).send().body().get("role").asString()).isEqualTo("organizer");
            // numbered by H2's identity column, after the demo organizer
            assertThat(api.get("/api/v1/users/" + user.userId()).send().body().get("number").asLong()).isGreaterThan(1);
            api.post("/api/v1/auth/logout").bearer(second).send().expect(204);
            assertThat(api.get("/api/v1/auth/validate").bearer(second).send().status()).isEqualTo(401);
            api.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
            // the web UI's session is a row in H2 (Spring Session JDBC), not in this node's memory
            browser.signIn(api, user.username(), user.password());
            assertThat(browser.status(api, "/profile")).isEqualTo(200);

            Session organizer = api.login(user.username(), user.password());
            Map<String, Object> event = io.eventflow.catalog.EventCatalogIT.event("Embedded zyxwv launch party");
            try (io.eventflow.support.WsClient feed = io.eventflow.support.WsClient.connect(api, "/ws/events")) {
                feed.assertOpen();
                api.createEvent(organizer, event);
                // no Redis: the in-process relay delivers
                assertThat(feed.next("event_created").get("title").asString()).isEqualTo("Embedded zyxwv launch party");
            }
            Response found = api.get("/api/v1/events?q=ZYXWV%20launch&near=32.07,34.78&radius_km=5&sort=distance,-start_time").send().expect(200);
            assertThat(found.body().get("total").asLong()).isEqualTo(1);
            assertThat(found.body().at("/items/0/distance_km").asDouble()).isLessThan(5.0);
            // numbered by H2's identity column after the 40 demo events
            assertThat(found.body().at("/items/0/number").asLong()).isEqualTo(41);
            assertThat(api.get("/api/v1/events?q=zyxwv&location=tel&where=category:tech-meetup").send().body().get("total").asLong()).isEqualTo(1);
        }
        assertThat(dataDir.resolve("jwt-signing.key")).exists();
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("eventflow"));

        try (Nodes nodes = new Nodes()) {
            Api restarted = nodes.start(embedded());
            assertThat(restarted.get("/api/v1/events?size=1").send().body().get("total").asLong()).isEqualTo(41); // not loaded twice
            // the logout above revoked every refresh token; a fresh login works with the persisted account
            // the signing key and the revocation list survived: the old token still works, the logged-out one does not
            assertThat(restarted.get("/api/v1/auth/validate").bearer(user).send().status()).isEqualTo(200);
            assertThat(restarted.get("/api/v1/auth/validate").bearer(loggedOut).send().status()).isEqualTo(401);
            assertThat(browser.status(restarted, "/profile")).as("still signed in after the restart").isEqualTo(200);
            Session again = restarted.login(user.username(), user.password());
            assertThat(restarted.get("/api/v1/auth/validate").bearer(again).send().status()).isEqualTo(200);
        }
    }

    @Test
    void bookingsFollowsTheFeedAndPhotosWorkOnH2() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Api api = nodes.start(embedded());
            Session organizer = api.register("organizer");
            Session fan = api.register("attendee");
            Session late = api.register("attendee");
            api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(fan).send().expect(204);
            api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(fan).send().expect(204);
            Map<String, Object> event = io.eventflow.catalog.EventCatalogIT.event("Embedded gallery night");
            event.put("capacity", 1);
            String eventId = api.createEvent(organizer, event);
            // a domain event is as long as the event it carries: a 9,000-character description, then a change of it
            // (old and new value in EventUpdated) were refused when the outbox column was bounded at 4,000 on H2;
            // published by someone the fan does not follow, so the feed below stays as it is
            Session writer = api.register("organizer");
            Map<String, Object> described = io.eventflow.catalog.EventCatalogIT.event("Embedded long read");
            described.put("description", "d".repeat(9_000));
            String describedId = api.createEvent(writer, described);
            api.patch("/api/v1/events/" + describedId).bearer(writer).json(Map.of("description", "e".repeat(9_000))).send().expect(200);

            assertThat(api.book(fan, eventId).get("status").asString()).isEqualTo("confirmed");
            assertThat(api.book(late, eventId).get("waitlist_position").asInt()).isEqualTo(1);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
            String thumbnail = api.post("/api/v1/events/" + eventId + "/photos").bearer(organizer)
                    .file("photo", "night.png", "image/png", png.toByteArray()).send().expect(201).body().get("thumbnail_url").asString();
            assertThat(api.get(thumbnail).send().status()).isEqualTo(200);

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                java.util.List<String> types = new java.util.ArrayList<>();
                api.get("/api/v1/feed").bearer(fan).send().expect(200).body().get("items")
                        .forEach(item -> types.add(item.get("type").asString()));
                // listeners run in parallel: the order among the three after the follow is theirs
                return types.size() == 4 && types.getLast().equals("follow")
                        && java.util.Set.copyOf(types).equals(java.util.Set.of("photo_uploaded", "rsvp", "event_created", "follow"));
            });
        }
    }

    /**
     * H2 2.4.240 bound each {@code CHECK (x IN (...))} constraint to the session that created it: once the pool
     * retired the connection that ran the migrations (HikariCP's max-lifetime, 30 minutes), every insert into
     * {@code events} failed with "Check constraint invalid". Evicting the pool does at once what max-lifetime does
     * after half an hour; every table with a check constraint is then written again through the API, and each
     * constraint evaluated once more on every row by a rolled-back no-op update.
     */
    @Test
    void keepsWritingEveryConstrainedTableAfterThePoolReplacedTheConnectionsThatMigratedTheSchema() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Api api = nodes.start(embedded());
            Session organizer = api.register("organizer");
            Session early = api.register("attendee");
            api.book(early, createEvent(api, organizer, 1));

            ConfigurableApplicationContext node = nodes.context(api);
            JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
            Set<String> migrationEra = sessions(jdbc);
            node.getBean(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                node.getBean(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
                assertThat(sessions(jdbc)).doesNotContainAnyElementsOf(migrationEra);
            });

            Session fan = api.register("attendee"); // users: ck_users_role
            Session late = api.register("attendee");
            String eventId = createEvent(api, organizer, 1); // events: status, time, capacity, latitude, longitude
            String seat = api.book(fan, eventId).get("id").asString(); // bookings: status, kind
            assertThat(api.post("/api/v1/events/" + eventId + "/rsvp").bearer(late).send().expect(201)
                    .body().get("status").asString()).isEqualTo("waitlisted");
            api.delete("/api/v1/bookings/" + seat).bearer(fan).send().expect(204); // promotes the RSVP
            api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("capacity", 5)).send().expect(200);
            api.post("/api/v1/events/" + eventId + "/announcements").bearer(organizer) // announcements: audience
                    .json(Map.of("subject", "Doors", "body", "Doors open at seven.")).send().expect(201);
            Map<String, Object> weekly = io.eventflow.catalog.EventCatalogIT.event("Embedded weekly");
            weekly.put("rrule", "FREQ=WEEKLY;COUNT=2");
            api.post("/api/v1/event-series").bearer(organizer).json(weekly).send().expect(201); // event_series: duration
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> // notifications: channel, status
                    api.get("/api/v1/notifications").bearer(late).send().expect(200).body().get("total").asLong() >= 2);

            List<String> constrained = jdbc.queryForList("""
                    SELECT DISTINCT table_name FROM information_schema.table_constraints
                    WHERE constraint_type = 'CHECK' AND table_schema = 'public'""", String.class);
            assertThat(constrained).contains("users", "events", "bookings", "notifications", "announcements", "event_series");
            TransactionTemplate rolledBack = new TransactionTemplate(node.getBean(PlatformTransactionManager.class));
            rolledBack.executeWithoutResult(tx -> {
                for (String table : constrained) {
                    assertThat(jdbc.update("UPDATE " + table + " SET id = id")).as(table).isPositive();
                }
                tx.setRollbackOnly();
            });
        }
    }

    private static String createEvent(Api api, Session organizer, int capacity) {
        Map<String, Object> event = io.eventflow.catalog.EventCatalogIT.event("Embedded recycled pool");
        event.put("capacity", capacity);
        return api.createEvent(organizer, event);
    }

    /** The database's open sessions; H2 reuses session ids, so each is named with its start as well. */
    private static Set<String> sessions(JdbcTemplate jdbc) {
        return Set.copyOf(jdbc.queryForList(
                "SELECT session_id || '@' || session_start FROM information_schema.sessions", String.class));
    }

    @Test
    void limitsLoginAttemptsInMemoryWithoutRedis() {
        try (Nodes nodes = new Nodes()) {
            Api api = nodes.start(embedded()).from("203.0.113.77");
            // a name per attempt: six failures with one name would pause that name first (the login throttle)
            for (int i = 0; i < 6; i++) {
                Map<String, String> badLogin = Map.of("username", "nobody-" + i, "password", "wrong-password");
                assertThat(api.post("/api/v1/auth/login").json(badLogin).send().status()).isEqualTo(401);
            }
            Response limited = api.post("/api/v1/auth/login")
                    .json(Map.of("username", "nobody-6", "password", "wrong-password")).send();

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotBlank();
            assertThat(limited.contentType()).isEqualTo("application/problem+json");
        }
    }

    /** The older APIs on the embedded default: their own port, numbers from H2's identity, lists streamed from H2. */
    @Test
    void servesTheOlderApisOnTheirPortOnH2() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Map<String, Object> properties = embedded();
        properties.put("eventflow.compat.port", port);
        try (Nodes nodes = new Nodes()) {
            nodes.start(properties);
            Api compat = new Api(port);
            String start = java.time.LocalDate.now().plusDays(9) + "T10:00:00";
            long id = compat.post("/create").json(Map.of("events", java.util.List.of(Map.of("title", "On H2",
                    "description", "d", "start_time", start, "end_time", start.replace("T10", "T12"), "location", "Here"))))
                    .send().expect(200).body().get("events").get(0).get("id").asLong();

            assertThat(id).isGreaterThan(40); // after the demo catalog
            assertThat(compat.get("/events").send().expect(200).body()).anyMatch(e -> e.get("id").asLong() == id);
            assertThat(compat.get("/events/get_all?wherekey=title&whereValue=On%20H2").send().expect(200).body()).hasSize(1);
            assertThat(compat.get("/events/get?id=x").send().expect(400).body().has("error")).isTrue();
        }
    }
}
