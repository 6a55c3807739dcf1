package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.eventflow.support.S3Server;
import io.eventflow.support.TcpProxy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store keeps the {@link PhotoStoreContract} against the local S3-compatible server, built by the application's
 * own {@link PhotoStoreConfiguration}; plus what only it has: a key prefix, a store that cannot be reached, a wrong
 * bucket, and the migration of a photo directory into a bucket.
 */
class S3PhotoStoreIT extends PhotoStoreContract {

    private final List<S3Client> clients = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void closeClients() {
        clients.forEach(S3Client::close);
    }

    @Override
    PhotoStore store() {
        return store(S3Server.newBucket("store"), "", URI.create(S3Server.endpoint()));
    }

    private S3PhotoStore store(String bucket, String prefix, URI endpoint) {
        S3Server.storeIn(bucket, endpoint.toString()); // the credentials, as system properties
        PhotoStorageProperties.S3 s3 = new PhotoStorageProperties.S3(bucket, "us-east-1", endpoint, true, prefix,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 2);
        PhotoStorageProperties settings = new PhotoStorageProperties(PhotoStorageProperties.Storage.S3, s3,
                PhotoStorageProperties.OrphanSweep.DEFAULTS, null);
        PhotoStoreConfiguration configuration = new PhotoStoreConfiguration();
        S3Client client = configuration.photoBucketClient(settings);
        clients.add(client);
        return configuration.s3PhotoStore(settings, client);
    }

    @Test
    void keepsItsObjectsUnderThePrefixAndSeesNoOthers() {
        String bucket = S3Server.newBucket("prefix");
        S3PhotoStore photos = store(bucket, "photos/", URI.create(S3Server.endpoint()));
        S3PhotoStore others = store(bucket, "other/", URI.create(S3Server.endpoint()));

        String key = photos.put(new byte[] {1, 2, 3}, "png");
        others.put(new byte[] {4}, "png");

        assertThat(S3Server.keys(bucket)).contains("photos/" + key).hasSize(2);
        List<String> listed = new ArrayList<>();
        photos.forEachKeyWrittenBefore(java.time.Instant.MAX, listed::add);
        assertThat(listed).containsExactly(key);
        assertThat(others.get(key)).isEmpty();
    }

    @Test
    void aStoreThatCannotBeReachedIsUnavailableNotAnError() {
        String bucket = S3Server.newBucket("down");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", S3Server.PORT)) {
            S3PhotoStore store = store(bucket, "", URI.create("http://127.0.0.1:" + proxy.port()));
            String key = store.put(new byte[] {1}, "png");
            proxy.cut();

            assertThatThrownBy(() -> store.put(new byte[] {1}, "png")).isInstanceOf(MediaProblems.StorageUnavailable.class);
            assertThatThrownBy(() -> store.get(key)).isInstanceOf(MediaProblems.StorageUnavailable.class);
            assertThatThrownBy(() -> store.delete(key)).isInstanceOf(MediaProblems.StorageUnavailable.class);
        }
    }

    @Test
    void aBucketThatDoesNotExistStopsTheNodeWithTheSettingsName() {
        S3Server.newBucket("exists"); // the server is there; this bucket is not
        assertThatThrownBy(() -> store("eventflow-no-such-bucket-" + System.nanoTime(), "", URI.create(S3Server.endpoint())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("eventflow.media.s3.bucket")
                .hasMessageContaining("404");
    }

    @Test
    void migratesAPhotoDirectoryUnderTheSameKeysOnceAndChecksTheSizes() throws IOException {
        LocalPhotoStore local = new LocalPhotoStore(directory.resolve("photos"));
        String first = local.put(new byte[5000], "jpg");
        String second = local.put(new byte[] {1, 2, 3}, "png");
        Files.writeString(local.root().resolve(first.substring(0, 2)).resolve(".upload-1.tmp"), "half a file");
        String bucket = S3Server.newBucket("migrate");
        S3PhotoStore store = store(bucket, "", URI.create(S3Server.endpoint()));
        store.putAt(second, new byte[] {9}); // an earlier, broken copy: the sizes differ, so it is copied again

        PhotoDirectoryMigration.Report report = new PhotoDirectoryMigration(store).copy(local.root());

        assertThat(report).isEqualTo(new PhotoDirectoryMigration.Report(2, 0, List.of()));
        assertThat(S3Server.keys(bucket)).containsExactlyInAnyOrder(first, second);
        assertThat(store.size(first)).isEqualTo(OptionalLong.of(5000));
        assertThat(store.get(second).orElseThrow().getContentAsByteArray()).containsExactly(1, 2, 3);

        PhotoDirectoryMigration.Report again = new PhotoDirectoryMigration(store).copy(local.root());

        assertThat(again).isEqualTo(new PhotoDirectoryMigration.Report(0, 2, List.of()));
    }

    @Test
    void refusesToMigrateWhatIsNotADirectory() {
        S3PhotoStore store = store(S3Server.newBucket("nodir"), "", URI.create(S3Server.endpoint()));

        assertThatThrownBy(() -> new PhotoDirectoryMigration(store).copy(directory.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventflow.media.migrate-from");
    }
}
