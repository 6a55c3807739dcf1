package io.eventflow.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * {@link PhotoStore} on a directory (local, or a volume shared by the nodes). Keys are {@code ab/<uuid>.<ext>}: a
 * random UUID (the first two hex digits as a sub-directory, so no directory grows to millions of entries) and the
 * extension of the validated kind. Keys are checked against that pattern and the resolved path must stay inside the
 * root, so no key (and no file name of an upload, which is never used) can reach outside it. A file is written to a
 * temporary name in its final directory and then moved into place, so readers never see half a file.
 */
@Component
class LocalPhotoStore implements PhotoStore {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[a-z]{3,4}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z]{3,4}");

    private final Path root;

    LocalPhotoStore(MediaProperties properties) throws IOException {
        this.root = properties.directory().toAbsolutePath().normalize();
        Files.createDirectories(root);
    }

    Path root() {
        return root;
    }

    @Override
    public String put(byte[] content, String extension) {
        if (!EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("Invalid extension");
        }
        String id = UUID.randomUUID().toString();
        String key = id.substring(0, 2) + "/" + id + "." + extension;
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

    private Optional<Path> resolve(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        Path path = root.resolve(key).normalize();
        return path.startsWith(root) ? Optional.of(path) : Optional.empty();
    }
}
