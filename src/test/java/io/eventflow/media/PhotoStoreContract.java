package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * What every {@link PhotoStore} does alike, run against each implementation ({@link LocalPhotoStoreTest},
 * {@link S3PhotoStoreIT}): the service and the controller rely on exactly this.
 */
abstract class PhotoStoreContract {

    /** A new, empty store. */
    abstract PhotoStore store();

    private static byte[] bytes(int size) {
        byte[] content = new byte[size];
        ThreadLocalRandom.current().nextBytes(content);
        return content;
    }

    private static byte[] read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static List<String> keysWrittenBefore(PhotoStore store, Instant before) {
        List<String> keys = new ArrayList<>();
        store.forEachKeyWrittenBefore(before, keys::add);
        return keys;
    }

    @Test
    void storesBytesUnderAGeneratedKeyAndReadsThemBack() throws IOException {
        PhotoStore store = store();
        byte[] content = bytes(70_000);

        String key = store.put(content, "png");

        assertThat(key).matches("[0-9a-f]{2}/[0-9a-f-]{36}\\.png");
        Resource stored = store.get(key).orElseThrow();
        assertThat(stored.contentLength()).isEqualTo(content.length);
        assertThat(read(stored)).isEqualTo(content);
        assertThat(read(stored)).as("read twice, e.g. for two ranges").isEqualTo(content);
        assertThat(store.put(content, "png")).as("every upload gets a key of its own").isNotEqualTo(key);
    }

    @Test
    void readsARangeAsSpringWritesIt() throws IOException {
        PhotoStore store = store();
        byte[] content = bytes(50_000);
        String key = store.put(content, "jpg");

        java.io.ByteArrayOutputStream part = new java.io.ByteArrayOutputStream();
        try (InputStream in = store.get(key).orElseThrow().getInputStream()) {
            StreamUtils.copyRange(in, part, 40_000, 40_099);
        }

        assertThat(part.toByteArray()).isEqualTo(Arrays.copyOfRange(content, 40_000, 40_100));
    }

    @Test
    void aMissingKeyOrOneTheStoreCouldNotHaveMadeIsEmpty() {
        PhotoStore store = store();

        assertThat(store.get("ab/abcdef01-2345-6789-abcd-ef0123456789.png")).isEmpty();
        assertThat(store.get("../../etc/passwd")).isEmpty();
        assertThat(store.get("ab/../../secret.png")).isEmpty();
        assertThat(store.get("")).isEmpty();
    }

    @Test
    void deletingRemovesTheFileAndDeletingAgainIsNoError() {
        PhotoStore store = store();
        String key = store.put(bytes(100), "gif");

        store.delete(key);
        store.delete(key);
        store.delete("../not-a-key");

        assertThat(store.get(key)).isEmpty();
        assertThat(keysWrittenBefore(store, Instant.now().plus(1, ChronoUnit.HOURS))).doesNotContain(key);
    }

    @Test
    void listsTheKeysWrittenBeforeAMoment() {
        PhotoStore store = store();
        String first = store.put(bytes(10), "webp");
        String second = store.put(bytes(10), "png");

        assertThat(keysWrittenBefore(store, Instant.now().plus(1, ChronoUnit.HOURS))).contains(first, second);
        assertThat(keysWrittenBefore(store, Instant.now().minus(1, ChronoUnit.HOURS))).isEmpty();
    }

    @Test
    void refusesAnExtensionThatIsNotOneOfAKind() {
        PhotoStore store = store();

        assertThatThrownBy(() -> store.put(bytes(10), "../png")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(bytes(10), "HTML")).isInstanceOf(IllegalArgumentException.class);
    }
}
