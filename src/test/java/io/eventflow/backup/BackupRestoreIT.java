package io.eventflow.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A backup restored into a fresh node holds every event, booking (confirmed and waitlisted), photo (the same bytes,
 * its thumbnail served) and notification — through the real paths an operator uses: {@code deploy/backup.sh} (on the
 * embedded default, the node's {@code POST /api/v1/admin/backups}; on PostgreSQL, {@code pg_dump}) and
 * {@code deploy/restore.sh}, while the first node keeps running.
 */
class BackupRestoreIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void restoresAnEmbeddedBackupIntoAFreshDataDirectoryWithEveryEventBookingPhotoAndNotification() throws Exception {
        Path source = work.resolve("source");
        Path restored = work.resolve("restored");
        People people;
        Map<String, Object> before;
        String archive;
        try (Nodes nodes = new Nodes()) {
            Api api = nodes.start(embedded(source));
            people = populate(api);
            before = snapshot(api, people);

            Session attendee = people.fan();
            assertThat(api.post("/api/v1/admin/backups").bearer(attendee).send().expect(403).contentType())
                    .isEqualTo("application/problem+json");
            Run backup = run(Map.of("EVENTFLOW_BACKUP_USERNAME", TestInfrastructure.ADMIN_USERNAME,
                    "EVENTFLOW_BACKUP_PASSWORD", TestInfrastructure.ADMIN_PASSWORD), "deploy/backup.sh", "--url", api.base());
            assertThat(backup.exit()).as(backup.output()).isZero();
            archive = backup.output().strip();
            assertThat(Path.of(archive)).isRegularFile().hasParent(source.resolve("backups").toAbsolutePath().normalize());
            assertThat(Path.of(archive).getFileName().toString()).matches("eventflow-backup-\\d{8}T\\d{6}\\.\\d{3}Z\\.zip");
            try (var listing = Files.list(source.resolve("backups"))) {
                assertThat(listing.map(p -> p.getFileName().toString())).as("no partial file left behind")
                        .containsExactly(Path.of(archive).getFileName().toString());
            }
            try (ZipFile zip = new ZipFile(archive)) {
                String manifest = new String(zip.getInputStream(zip.getEntry(BackupService.MANIFEST)).readAllBytes(),
                        StandardCharsets.ISO_8859_1);
                assertThat(manifest).contains("mode=embedded", "database_name=eventflow", "photos=1");
                assertThat(zip.getEntry("database/eventflow.mv.db")).isNotNull();
            }
            // the node keeps serving after the copy
            api.book(api.register("attendee"), people.roomy());
        }

        Run refused = run(Map.of(), "deploy/restore.sh", archive, source.toString());
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("not empty");

        Run restore = run(Map.of(), "deploy/restore.sh", archive, restored.toString());
        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("1 photos (2 files)");
        assertThat(restored.resolve("jwt-signing.key")).as("a backup holds no signing key").doesNotExist();

        try (Nodes nodes = new Nodes()) {
            Api api = nodes.start(embedded(restored));
            // a new signing key: access tokens signed by the old one are refused, the refresh tokens (rows) still work
            assertThat(api.get("/api/v1/users/me").bearer(people.fan()).send().status()).isEqualTo(401);
            api.post("/api/v1/auth/refresh").json(Map.of("refresh_token", people.fan().refreshToken())).send().expect(200);
            assertThat(snapshot(api, people.signedInAgain(api))).isEqualTo(before);
        }
    }

    @Test
    void restoresAPostgresDumpIntoAFreshDatabaseWithEveryEventBookingPhotoAndNotification() throws Exception {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
        String sourceUrl = TestInfrastructure.createDatabase("backup_" + suffix);
        String restoreDatabase = "eventflow_it_restore_" + suffix;
        String restoreUrl = sourceUrl.substring(0, sourceUrl.lastIndexOf('/') + 1) + restoreDatabase;
        Path source = work.resolve("source");
        Path restored = work.resolve("restored");
        Path backups = work.resolve("backups");
        People people;
        Map<String, Object> before;
        String archive;
        try (Nodes nodes = new Nodes()) {
            Api api = nodes.start(postgres(sourceUrl, source));
            people = populate(api);
            before = snapshot(api, people);
            // the embedded backup is not for PostgreSQL: the node says what to use instead
            assertThat(api.post("/api/v1/admin/backups").bearer(people.admin()).send().expect(409).text())
                    .contains("deploy/backup.sh --postgres");

            Run backup = run(Map.of("SPRING_DATASOURCE_URL", sourceUrl, "SPRING_DATASOURCE_USERNAME", "postgres"),
                    "deploy/backup.sh", "--postgres", "--photos", source.resolve("photos").toString(), "--out", backups.toString());
            assertThat(backup.exit()).as("deploy/backup.sh --postgres (needs pg_dump and pg_restore: apt-get install "
                    + "postgresql-client): " + backup.output()).isZero();
            archive = backup.output().strip();
            assertThat(Path.of(archive).getFileName().toString()).matches("eventflow-pg-\\d{8}T\\d{6}\\.\\d{3}Z\\.tar");
            try (var listing = Files.list(backups)) {
                assertThat(listing).as("no partial file left behind").hasSize(1);
            }
        }

        execute("CREATE DATABASE " + restoreDatabase);
        // an open connection keeps a parallel test run from dropping it as a leftover (TestInfrastructure does so with
        // every unused eventflow_it_ database whose name carries no recent time) before the restore and the node use it
        try (Connection holder = DriverManager.getConnection(restoreUrl, "postgres", "")) {
            Map<String, String> target = Map.of("SPRING_DATASOURCE_URL", restoreUrl, "SPRING_DATASOURCE_USERNAME", "postgres");
            Run restore = run(target, "deploy/restore.sh", "--postgres", "--photos", restored.resolve("photos").toString(), archive);
            assertThat(restore.exit()).as(restore.output()).isZero();
            assertThat(restore.output()).contains("1 photos (2 files)");
            Run again = run(target, "deploy/restore.sh", "--postgres", "--photos", work.resolve("elsewhere").toString(), archive);
            assertThat(again.exit()).as(again.output()).isNotZero();
            assertThat(again.output()).contains("tables (restore into an empty database");

            try (Nodes nodes = new Nodes()) {
                Api api = nodes.start(postgres(restoreUrl, restored));
                assertThat(snapshot(api, people.signedInAgain(api))).isEqualTo(before);
            }
        } finally {
            execute("DROP DATABASE IF EXISTS " + restoreDatabase + " WITH (FORCE)");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** An organizer's event with one seat: taken by the fan, the late one on the waiting list; a photo; a roomy event. */
    record People(Session admin, Session organizer, Session fan, Session late, String eventId, String roomy) {

        People signedInAgain(Api api) {
            return new People(again(api, admin), again(api, organizer), again(api, fan), again(api, late), eventId, roomy);
        }

        private static Session again(Api api, Session session) {
            return api.login(session.username(), session.password());
        }
    }

    private static People populate(Api api) throws IOException {
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        Session organizer = api.register("organizer");
        Session fan = api.register("attendee");
        Session late = api.register("attendee");
        Map<String, Object> event = EventCatalogIT.event("Backed-up gallery night");
        event.put("capacity", 1);
        String eventId = api.createEvent(organizer, event);
        String roomy = api.createEvent(organizer, EventCatalogIT.event("Backed-up open house"));
        assertThat(api.book(fan, eventId).get("status").asString()).isEqualTo("confirmed");
        assertThat(api.book(late, eventId).get("status").asString()).isEqualTo("waitlisted");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 640; x++) {
            image.setRGB(x, x % 480, 0xFF8800 + x);
        }
        javax.imageio.ImageIO.write(image, "png", png);
        api.post("/api/v1/events/" + eventId + "/photos").bearer(fan).file("photo", "night.png", "image/png", png.toByteArray())
                .send().expect(201);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> types(api, fan).contains("booking_confirmed")
                && types(api, late).contains("booking_waitlisted"));
        return new People(admin, organizer, fan, late, eventId, roomy);
    }

    private static Set<String> types(Api api, Session user) {
        List<String> types = new ArrayList<>();
        api.get("/api/v1/notifications").bearer(user).send().expect(200).body().get("items")
                .forEach(item -> types.add(item.get("type").asString()));
        return Set.copyOf(types);
    }

    /** What the API shows of everything the backup must keep, comparable before and after. */
    private static Map<String, Object> snapshot(Api api, People people) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        Map<String, String> events = new TreeMap<>();
        for (int page = 0; ; page++) {
            JsonNode body = api.get("/api/v1/events?size=100&page=" + page).send().expect(200).body();
            body.get("items").forEach(e -> events.put(e.get("id").asString(), e.toString()));
            if (body.get("items").size() < 100) {
                break;
            }
        }
        seen.put("events", events);
        assertThat(events).containsKeys(people.eventId(), people.roomy());
        seen.put("fan's bookings", api.get("/api/v1/users/me/bookings").bearer(people.fan()).send().expect(200).body().get("items").toString());
        seen.put("late's bookings", api.get("/api/v1/users/me/bookings").bearer(people.late()).send().expect(200).body().get("items").toString());
        seen.put("event's bookings", api.get("/api/v1/events/" + people.eventId() + "/bookings").bearer(people.organizer()).send()
                .expect(200).body().get("items").toString());
        JsonNode photos = api.get("/api/v1/events/" + people.eventId() + "/photos").send().expect(200).body().get("items");
        assertThat(photos).hasSize(1);
        seen.put("photos", photos.toString());
        JsonNode photo = photos.get(0);
        seen.put("photo file", download(api, photo.get("url").asString()));
        seen.put("thumbnail file", download(api, photo.get("thumbnail_url").asString()));
        for (Session user : List.of(people.organizer(), people.fan(), people.late())) {
            List<String> notices = new ArrayList<>();
            api.get("/api/v1/notifications").bearer(user).send().expect(200).body().get("items").forEach(n -> {
                ObjectNode notice = (ObjectNode) n.deepCopy();
                if (notice.get("email") instanceof ObjectNode mail) {
                    mail.remove("status"); // the mail may go out between the snapshot and the backup
                }
                notices.add(notice.toString());
            });
            notices.sort(Comparator.naturalOrder());
            seen.put(user.username() + "'s notifications", notices);
        }
        return seen;
    }

    /** The file's bytes (as Base64, so that the snapshot compares them by value), after checking it is served. */
    private static String download(Api api, String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
        return Base64.getEncoder().encodeToString(response.body());
    }

    private Map<String, Object> embedded(Path dataDir) {
        // undo what the test infrastructure points every other context at (as EmbeddedModeIT does); the run's admin stays
        Map<String, Object> properties = new HashMap<>();
        properties.put("eventflow.data-dir", dataDir.toString());
        properties.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("eventflow")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=30000");
        properties.put("spring.datasource.username", "sa");
        properties.put("spring.datasource.password", "");
        properties.put("eventflow.redis.enabled", "false");
        properties.put("spring.mail.host", "");
        properties.put("spring.rabbitmq.host", "");
        properties.put("eventflow.identity.jwt.secret", "");
        properties.put("eventflow.demo-data.enabled", "false"); // fewer rows to wait for: the test makes its own
        return properties;
    }

    private Map<String, Object> postgres(String url, Path dataDir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("eventflow.data-dir", dataDir.toString());
        properties.put("spring.datasource.url", url);
        return properties;
    }

    record Run(int exit, String output) {
    }

    /** Runs a script of the repository as an operator would (the tests run in its root), stdout and stderr together. */
    private static Run run(Map<String, String> environment, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("bash"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    private static void execute(String sql) throws Exception {
        String admin = System.getenv().getOrDefault("EVENTFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getenv().getOrDefault("EVENTFLOW_TEST_POSTGRES_USER", "postgres");
        try (Connection connection = DriverManager.getConnection(admin, user, ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
