package io.eventflow.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The directory store keeps the {@link PhotoStoreContract}. */
class LocalPhotoStoreTest extends PhotoStoreContract {

    @TempDir
    Path directory;

    @Override
    PhotoStore store() {
        try {
            return new LocalPhotoStore(Files.createTempDirectory(directory, "photos"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
