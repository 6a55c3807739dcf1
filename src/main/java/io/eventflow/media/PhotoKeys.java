package io.eventflow.media;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The keys every {@link PhotoStore} files photos under: {@code ab/<uuid>.<ext>}, a random UUID (its first two hex
 * digits first, so no directory of the directory store grows to millions of entries) and the extension of the
 * validated kind. Nothing of the upload (its name, its declared type) ever goes into a key, and a key that does not
 * have this shape is refused before it reaches a file system or a bucket.
 */
final class PhotoKeys {

    private static final Pattern KEY = Pattern.compile(
            "[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[a-z]{3,4}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z]{3,4}");

    private PhotoKeys() {
    }

    static String generate(String extension) {
        if (!EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("Invalid extension");
        }
        String id = UUID.randomUUID().toString();
        return id.substring(0, 2) + "/" + id + "." + extension;
    }

    static boolean isValid(@Nullable String key) {
        return key != null && KEY.matcher(key).matches();
    }
}
