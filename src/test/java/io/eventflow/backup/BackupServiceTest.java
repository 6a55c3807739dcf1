package io.eventflow.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

import io.eventflow.platform.Vendor;

/**
 * The archive of the embedded default on a real H2 file database (the two tables the backup reads back), and what it
 * does when a photo row of the database copy has no files: a deletion racing the backup, or files lost before it.
 */
class BackupServiceTest {

    private static final String KEPT = "ab/ab0cd5e2-1111-4222-8333-444455556666.jpg";
    private static final String KEPT_THUMBNAIL = "cd/cd0cd5e2-1111-4222-8333-444455556666.jpg";
    private static final String GONE = "ef/ef0cd5e2-1111-4222-8333-444455556666.png";
    private static final String GONE_THUMBNAIL = "12/120cd5e2-1111-4222-8333-444455556666.jpg";

    @TempDir
    Path dataDir;

    private JdbcTemplate jdbc;
    private Vendor vendor;
    private MockEnvironment environment;

    @BeforeEach
    void database() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("eventflow")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, storage_key VARCHAR(100), thumbnail_key VARCHAR(100))");
        jdbc.execute("CREATE TABLE flyway_schema_history (installed_rank INTEGER, version VARCHAR(50), success BOOLEAN)");
        jdbc.update("INSERT INTO flyway_schema_history VALUES (1, '1', TRUE), (2, '27', TRUE)");
        jdbc.update("INSERT INTO photos VALUES (1, ?, ?)", KEPT, KEPT_THUMBNAIL);
        vendor = new Vendor(dataSource);
        environment = new MockEnvironment().withProperty("spring.datasource.url", url)
                .withProperty("spring.datasource.username", "sa").withProperty("spring.datasource.password", "");
        photo(KEPT, "the image");
        photo(KEPT_THUMBNAIL, "its thumbnail");
        Files.writeString(dataDir.resolve("photos/ab/.upload-123.tmp"), "an upload still being written");
    }

    @Test
    void writesOneArchiveOfTheDatabaseThePhotosAndAManifestAndNothingUnderAnyOtherName() throws Exception {
        Backup backup = service(Clock.systemUTC()).create();

        assertThat(backup.photos()).isEqualTo(1);
        assertThat(backup.photoFiles()).isEqualTo(2);
        assertThat(backup.missing()).isEmpty();
        try (var listing = Files.list(dataDir.resolve("backups"))) {
            assertThat(listing).containsExactly(backup.file());
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.file())))
                .as("password hashes inside: readable by the node's user only").isEqualTo("rw-------");
        try (ZipFile zip = new ZipFile(backup.file().toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactlyInAnyOrder("database/eventflow.mv.db",
                    "photos/" + KEPT, "photos/" + KEPT_THUMBNAIL, BackupService.MANIFEST);
            assertThat(new String(zip.getInputStream(zip.getEntry("photos/" + KEPT)).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("the image");
            assertThat(manifest(zip)).contains("mode=embedded", "database_name=eventflow", "schema_version=27", "photos=1",
                    "photo_files=2", "missing_photo_files=\n");
        }
    }

    @Test
    void takesTheBackupAgainWhenAPhotoIsDeletedBetweenTheDatabaseCopyAndThePhotoCopy() throws Exception {
        // the second photo's row is in the first copy, its files are gone by the time the photos are copied (a
        // deletion removes them after its commit); the second try's copy no longer has the row
        jdbc.update("INSERT INTO photos VALUES (2, ?, ?)", GONE, GONE_THUMBNAIL);
        AtomicInteger attempts = new AtomicInteger();
        Clock deletingBeforeTheSecondTry = new TickingClock(() -> {
            if (attempts.incrementAndGet() == 2) {
                jdbc.update("DELETE FROM photos WHERE id = 2");
            }
        });

        Backup backup = service(deletingBeforeTheSecondTry).create();

        assertThat(attempts).hasValue(2);
        assertThat(backup.photos()).isEqualTo(1);
        assertThat(backup.missing()).isEmpty();
        try (var listing = Files.list(dataDir.resolve("backups"))) {
            assertThat(listing).as("the first try's archive was thrown away").containsExactly(backup.file());
        }
    }

    @Test
    void writesTheBackupAndNamesPhotoFilesLostBeforeItBegan() throws Exception {
        jdbc.update("INSERT INTO photos VALUES (2, ?, ?)", GONE, GONE_THUMBNAIL);

        Backup backup = service(Clock.systemUTC()).create();

        assertThat(backup.photos()).isEqualTo(2);
        assertThat(backup.missing()).containsExactly(GONE_THUMBNAIL, GONE);
        try (ZipFile zip = new ZipFile(backup.file().toFile())) {
            assertThat(manifest(zip)).contains("missing_photo_files=" + GONE_THUMBNAIL + "," + GONE + "\n");
        }
    }

    private BackupService service(Clock clock) {
        BackupProperties properties = new BackupProperties(dataDir.resolve("backups"), dataDir.resolve("photos"), 3);
        return new BackupService(properties, jdbc, vendor, clock, environment);
    }

    private void photo(String key, String content) throws IOException {
        Path file = dataDir.resolve("photos").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String manifest(ZipFile zip) throws IOException {
        return new String(zip.getInputStream(zip.getEntry(BackupService.MANIFEST)).readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** The system clock, running a hook each time a backup attempt asks it for the time (once per attempt). */
    private static final class TickingClock extends Clock {
        private final Runnable onEachCall;

        TickingClock(Runnable onEachCall) {
            this.onEachCall = onEachCall;
        }

        @Override
        public Instant instant() {
            onEachCall.run();
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
