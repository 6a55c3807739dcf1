package io.eventflow.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * {@link PhotoStore} on a directory (local, or a volume shared by the nodes), the embedded default. Keys are
 * {@link PhotoKeys}: checked against their pattern, and the resolved path must stay inside the root, so no key (and no
 * file name of an upload, which is never used) can reach outside it. A file is written to a temporary name in its
 * final directory and then moved into place, so readers never see half a file.
 */
class LocalPhotoStore implements PhotoStore {

    private final Path root;

    LocalPhotoStore(Path directory) throws IOException {
        this.root = directory.toAbsolutePath().normalize();
        Files.createDirectories(root);
    }

    Path root() {
        return root;
    }

    @Override
    public String put(byte[] content, String extension) {
        String key = PhotoKeys.generate(extension);
        Path target = resolve(key).orElseThrow();
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            try {
                Files.write(temp, content);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store a photo", e);
        }
        return key;
    }

    @Override
    public Optional<Resource> get(String key) {
        return resolve(key).filter(Files::isRegularFile).map(FileSystemResource::new);
    }

    @Override
    public void delete(String key) {
        Optional<Path> path = resolve(key);
        if (path.isPresent()) {
            try {
                Files.deleteIfExists(path.get());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete photo " + key, e);
            }
        }
    }

    @Override
    public void forEachKeyWrittenBefore(Instant before, Consumer<String> action) {
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (PhotoKeys.isValid(key) && writtenBefore(file, before)) {
                    action.accept(key);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the photo directory " + root, e);
        }
    }

    private static boolean writtenBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (NoSuchFileException deleted) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Path> resolve(String key) {
        if (!PhotoKeys.isValid(key)) {
            return Optional.empty();
        }
        Path path = root.resolve(key).normalize();
        return path.startsWith(root) ? Optional.of(path) : Optional.empty();
    }
}
