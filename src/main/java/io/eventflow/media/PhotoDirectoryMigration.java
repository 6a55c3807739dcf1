package io.eventflow.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a photo directory (what {@link LocalPhotoStore} wrote) into the bucket of {@link S3PhotoStore}, under the
 * same keys, so the photos' rows stay valid as they are. Idempotent: an object already there with the file's size is
 * skipped, so a run that was interrupted is simply started again. Every copy is checked by its size in the bucket.
 * Files that are not photo keys (temporary files of an interrupted write) are left out.
 */
class PhotoDirectoryMigration {

    private static final Logger log = LoggerFactory.getLogger(PhotoDirectoryMigration.class);

    /** {@code failed}: keys whose copy did not arrive with the file's size. */
    record Report(int copied, int skipped, List<String> failed) {
    }

    private final S3PhotoStore bucket;

    PhotoDirectoryMigration(S3PhotoStore bucket) {
        this.bucket = bucket;
    }

    Report copy(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("eventflow.media.migrate-from: " + root + " is not a directory");
        }
        int copied = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!PhotoKeys.isValid(key)) {
                    continue;
                }
                long size = Files.size(file);
                if (bucket.size(key).equals(OptionalLong.of(size))) {
                    skipped++;
                    continue;
                }
                bucket.putAt(key, Files.readAllBytes(file));
                if (bucket.size(key).equals(OptionalLong.of(size))) {
                    copied++;
                } else {
                    failed.add(key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the photo directory " + root, e);
        }
        log.info("Photo migration from {} into bucket {}: {} copied, {} already there, {} failed {}", root,
                bucket.bucket(), copied, skipped, failed.size(), failed);
        return new Report(copied, skipped, List.copyOf(failed));
    }
}
