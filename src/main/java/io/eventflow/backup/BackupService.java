package io.eventflow.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.eventflow.platform.Vendor;
import io.eventflow.platform.domain.Conflict;

/**
 * Writes one archive of the embedded default: {@code database/} (H2's {@code BACKUP TO} copy, transactionally
 * consistent while the node keeps serving), {@code photos/} (the photo directory) and a manifest,
 * {@value #MANIFEST}.
 * <p>
 * <b>Consistency.</b> The database is copied first, the photos after it. An upload writes its image and thumbnail
 * before the transaction that inserts the photo's row ({@code media.PhotoService}), so every photo row in the copy had
 * its files before the copy was taken; an upload that commits later leaves only harmless extra files. A deletion
 * removes the files after its commit, so a photo deleted between the database copy and the photo copy would leave a
 * row without files. That is not left to chance: the keys of every photo in the database copy (read from the copy
 * itself) are checked against the files the archive got, and if any is missing the archive is thrown away and the
 * backup taken again (up to {@code eventflow.backup.attempts} times) — by then the copy no longer has that row. Files
 * missing in two tries in a row were lost before the backup began (no race explains them): the archive is written all
 * the same and names them, in the answer, the log and its manifest.
 * <p>
 * <b>Never half an archive under the final name.</b> Everything is written to a hidden {@code .partial} name in the
 * backup directory, forced to disk, and renamed when complete; a failure removes it. One backup at a time per node.
 * <p>
 * Reads two columns of the {@code photos} table, in the copy only: a rename there fails {@code BackupRestoreIT}.
 */
@Service
class BackupService {

    static final String MANIFEST = "eventflow-backup.properties";
    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final BackupProperties properties;
    private final JdbcTemplate jdbc;
    private final Vendor vendor;
    private final Clock clock;
    private final Environment environment;
    private final ReentrantLock running = new ReentrantLock();

    BackupService(BackupProperties properties, JdbcTemplate jdbc, Vendor vendor, Clock clock, Environment environment) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.vendor = vendor;
        this.clock = clock;
        this.environment = environment;
    }

    Backup create() {
        if (vendor.isPostgres()) {
            throw new Conflict("This node's database is PostgreSQL: back it up with pg_dump from outside "
                    + "(deploy/backup.sh --postgres), see docs/backup.md");
        }
        if (!running.tryLock()) {
            throw new BackupFailed("A backup is being written on this node already; try again when it is done");
        }
        try {
            Path directory = properties.directory().toAbsolutePath().normalize();
            Files.createDirectories(directory);
            Set<String> missingBefore = Set.of();
            for (int attempt = 1; attempt <= properties.attempts(); attempt++) {
                Attempt result = attempt(directory, missingBefore);
                if (result.backup() != null) {
                    return result.backup();
                }
                log.info("Backup attempt {}: {} photo files of the database copy were gone before they could be copied "
                        + "(photos deleted meanwhile?); taking it again", attempt, result.missing().size());
                missingBefore = result.missing();
            }
            throw new BackupFailed("Photos kept being deleted while the backup was written (" + properties.attempts()
                    + " attempts); try again");
        } catch (IOException e) {
            log.error("The backup could not be written to {}", properties.directory(), e);
            throw new BackupFailed("The backup could not be written to " + properties.directory() + ": " + e, e);
        } finally {
            running.unlock();
        }
    }

    /** A backup, or the photo files its database copy references that the photo directory no longer had. */
    private record Attempt(@Nullable Backup backup, Set<String> missing) {
    }

    /**
     * One try. Files missing that were missing in the previous try as well are not a deletion racing the copy (whose
     * row would be gone from this copy) but files lost from the photo directory before the backup began: the backup
     * is written all the same, since refusing would leave no backup at all, and names them ({@link Backup#missing()}).
     */
    private Attempt attempt(Path directory, Set<String> missingBefore) throws IOException {
        long started = System.nanoTime();
        Instant now = clock.instant();
        String name = "eventflow-backup-" + STAMP.format(now) + ".zip";
        Path target = directory.resolve(name);
        Path partial = directory.resolve("." + name + ".partial");
        Path database = directory.resolve("." + name + ".h2.zip");
        try {
            copyDatabase(database);
            DatabaseCopy copy = inspect(database);
            int photoFiles;
            Set<String> missing;
            ownerOnly(Files.createFile(partial));
            try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.WRITE);
                    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                addDatabase(zip, database);
                Set<String> copied = addPhotos(zip);
                missing = new TreeSet<>(copy.photoKeys());
                missing.removeAll(copied);
                if (!missing.isEmpty() && !missingBefore.containsAll(missing)) {
                    return new Attempt(null, missing); // the finally below removes the partial archive
                }
                photoFiles = copied.size();
                zip.setLevel(Deflater.DEFAULT_COMPRESSION);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(manifest(now, copy, photoFiles, missing).getBytes(StandardCharsets.ISO_8859_1));
                zip.closeEntry();
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
            Backup backup = new Backup(target, Files.size(target), copy.photos(), photoFiles, List.copyOf(missing), now,
                    Duration.ofNanos(System.nanoTime() - started));
            log.info("Backup written: {} ({} bytes, {} photos, {} photo files) in {} ms", target, backup.sizeBytes(),
                    backup.photos(), photoFiles, backup.took().toMillis());
            if (!missing.isEmpty()) {
                log.warn("Backup {}: {} photo files its database references were missing from {} before the backup "
                        + "began, e.g. {}", target, missing.size(), properties.photosDirectory(), missing.iterator().next());
            }
            return new Attempt(backup, missing);
        } finally {
            Files.deleteIfExists(database);
            Files.deleteIfExists(partial);
        }
    }

    /**
     * An archive holds what the database does (e-mail addresses, password hashes): readable by the node's user only,
     * like the signing key, whatever the umask.
     */
    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
    }

    /** H2's online copy: a zip of the database files, consistent as of one moment (MVCC), taken while writes go on. */
    private void copyDatabase(Path zip) {
        try {
            jdbc.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
        } catch (RuntimeException e) {
            log.error("H2 could not copy the database to {}", zip, e);
            throw new BackupFailed("H2 could not copy the database to " + zip + ": " + e.getMessage(), e);
        }
    }

    private record DatabaseCopy(String name, Set<String> photoKeys, int photos, @Nullable String schemaVersion) {
    }

    /** Opens the copy (read-only, straight from H2's zip) for the photo keys it references and its schema version. */
    private DatabaseCopy inspect(Path zip) throws IOException {
        String name = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith(".mv.db")) {
                    name = entry.getName().substring(0, entry.getName().length() - ".mv.db".length());
                }
            }
        }
        if (name == null) {
            throw new BackupFailed("H2's copy " + zip + " holds no database file");
        }
        // the live URL's settings (DATABASE_TO_LOWER names the schema "public", not "PUBLIC"), read-only, no server
        String settings = Arrays.stream(environment.getProperty("spring.datasource.url", "").split(";")).skip(1)
                .filter(setting -> !setting.toUpperCase(Locale.ROOT).startsWith("AUTO_SERVER")
                        && !setting.toUpperCase(Locale.ROOT).startsWith("ACCESS_MODE_DATA"))
                .map(setting -> ";" + setting).collect(Collectors.joining());
        String url = "jdbc:h2:zip:" + zip + "!/" + name + settings + ";ACCESS_MODE_DATA=r";
        String user = environment.getProperty("spring.datasource.username", "sa");
        String password = environment.getProperty("spring.datasource.password", "");
        Set<String> keys = new HashSet<>();
        int photos = 0;
        String version = null;
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT storage_key, thumbnail_key FROM photos")) {
                while (rows.next()) {
                    photos++;
                    keys.add(rows.getString(1));
                    keys.add(rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history "
                    + "WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                version = rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            log.error("H2's copy {} could not be read back", zip, e);
            throw new BackupFailed("H2's copy " + zip + " could not be read back: " + e.getMessage(), e);
        }
        return new DatabaseCopy(name, keys, photos, version);
    }

    private static void addDatabase(ZipOutputStream zip, Path database) throws IOException {
        zip.setLevel(Deflater.BEST_SPEED); // the database compresses well, and quickly
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(database))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry("database/" + entry.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
    }

    /**
     * Every file of the photo directory but hidden ones (an upload's temporary file), as {@code photos/<key>}. A file
     * deleted while the directory is walked is skipped. Returns the keys copied.
     */
    private Set<String> addPhotos(ZipOutputStream zip) throws IOException {
        Path root = properties.photosDirectory().toAbsolutePath().normalize();
        Set<String> copied = new HashSet<>();
        if (!Files.isDirectory(root)) {
            return copied;
        }
        zip.setLevel(Deflater.NO_COMPRESSION); // JPEG, PNG, WebP and GIF are compressed already
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return !dir.equals(root) && dir.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!attributes.isRegularFile() || file.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                try (InputStream in = Files.newInputStream(file)) {
                    ZipEntry entry = new ZipEntry("photos/" + key);
                    entry.setLastModifiedTime(attributes.lastModifiedTime());
                    zip.putNextEntry(entry);
                    in.transferTo(zip);
                    zip.closeEntry();
                    copied.add(key);
                } catch (NoSuchFileException deleted) {
                    // deleted since the walk listed it: its row, if the copy has one, is caught by the check
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return copied;
    }

    private static String manifest(Instant createdAt, DatabaseCopy copy, int photoFiles, Set<String> missing) {
        StringBuilder text = new StringBuilder("# EventFlow backup (docs/backup.md); restore with deploy/restore.sh\n");
        text.append("format=1\n");
        text.append("mode=embedded\n");
        text.append("database=h2\n");
        text.append("database_name=").append(copy.name()).append('\n');
        text.append("schema_version=").append(copy.schemaVersion() == null ? "" : copy.schemaVersion()).append('\n');
        text.append("created_at=").append(createdAt).append('\n');
        text.append("photos=").append(copy.photos()).append('\n');
        text.append("photo_files=").append(photoFiles).append('\n');
        text.append("missing_photo_files=").append(String.join(",", missing)).append('\n');
        return text.toString();
    }
}
