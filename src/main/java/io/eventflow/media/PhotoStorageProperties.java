package io.eventflow.media;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the photo files go ({@link PhotoStore}); the rest of {@code eventflow.media} is {@link MediaProperties}.
 * Credentials for S3 are deliberately not settings: the AWS SDK's default provider chain finds them (environment,
 * Java system properties, the shared profile files, a container or instance role), so they never sit in
 * application.yml, in a command line or in a log.
 *
 * @param storage     {@code directory} (the embedded default: {@code eventflow.media.directory}) or {@code s3}
 * @param s3          the bucket, when {@code storage} is {@code s3}
 * @param orphanSweep the periodic removal of files that no photo refers to
 * @param migrateFrom a photo directory to copy into the bucket, then exit (the migration command, docs/photos-storage.md)
 */
@ConfigurationProperties("eventflow.media")
@Validated
record PhotoStorageProperties(Storage storage, @Valid S3 s3, @Valid OrphanSweep orphanSweep, @Nullable Path migrateFrom) {

    enum Storage { DIRECTORY, S3 }

    PhotoStorageProperties {
        storage = storage != null ? storage : Storage.DIRECTORY;
        s3 = s3 != null ? s3 : S3.DEFAULTS;
        orphanSweep = orphanSweep != null ? orphanSweep : OrphanSweep.DEFAULTS;
    }

    @AssertTrue(message = "s3.bucket must be set when storage is s3")
    boolean isBucketSetForS3() {
        return storage != Storage.S3 || (s3.bucket() != null && !s3.bucket().isBlank());
    }

    @AssertTrue(message = "migrate-from needs storage s3: it copies a photo directory into the bucket")
    boolean isMigrationIntoABucket() {
        return migrateFrom == null || storage == Storage.S3;
    }

    /**
     * @param bucket          the bucket (it must exist: a node refuses to start when the store says it does not)
     * @param region          the bucket's region; S3-compatible servers mostly accept any ({@code us-east-1})
     * @param endpoint        the server of an S3-compatible store (MinIO, Ceph, R2, ...); unset for AWS itself
     * @param pathStyleAccess {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: most
     *                        S3-compatible servers want it
     * @param prefix          put before every key, to share a bucket with other data ({@code photos/}); empty for none
     * @param connectTimeout  longest wait for a connection to the store
     * @param readTimeout     longest silence of the store while a request or response is under way
     * @param callTimeout     longest time one store operation may take, retries included: beyond, an upload is
     *                        answered 503 with {@code Retry-After} (nothing of it is kept)
     * @param maxAttempts     tries of one operation (the first and its retries) when the store fails or cannot be reached
     */
    record S3(@Nullable String bucket, String region, @Nullable URI endpoint, Boolean pathStyleAccess, String prefix,
            Duration connectTimeout, Duration readTimeout, Duration callTimeout,
            @Min(value = 1, message = "must be at least 1 (no retry)") @Max(value = 10, message = "must be at most 10")
            Integer maxAttempts) {

        static final S3 DEFAULTS = new S3(null, "us-east-1", null, false, "", Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(20), 3);

        S3 {
            region = region != null && !region.isBlank() ? region : "us-east-1";
            pathStyleAccess = pathStyleAccess != null ? pathStyleAccess : Boolean.FALSE;
            prefix = prefix != null ? prefix : "";
            connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(2);
            readTimeout = readTimeout != null ? readTimeout : Duration.ofSeconds(10);
            callTimeout = callTimeout != null ? callTimeout : Duration.ofSeconds(20);
            maxAttempts = maxAttempts != null ? maxAttempts : 3;
        }

        @AssertTrue(message = "connect-timeout, read-timeout and call-timeout must be longer than zero")
        boolean isTimeoutsPositive() {
            return connectTimeout.isPositive() && readTimeout.isPositive() && callTimeout.isPositive();
        }

        @AssertTrue(message = "prefix may hold letters, digits and - _ . / only, and must end with / when set")
        boolean isPrefixUsable() {
            return prefix.isEmpty() || prefix.matches("[A-Za-z0-9._/-]*/");
        }
    }

    /**
     * @param every  how often each node looks for files no photo refers to (a crash between storing an upload and
     *               committing its row, a store that was down when a photo was deleted)
     * @param minAge files younger than this are left alone: an upload stores its files before its row is committed
     */
    record OrphanSweep(Duration every, Duration minAge) {

        static final OrphanSweep DEFAULTS = new OrphanSweep(Duration.ofHours(1), Duration.ofHours(1));

        OrphanSweep {
            every = every != null ? every : Duration.ofHours(1);
            minAge = minAge != null ? minAge : Duration.ofHours(1);
        }

        @AssertTrue(message = "every must be longer than zero")
        boolean isEveryPositive() {
            return every.isPositive();
        }

        @AssertTrue(message = "min-age must be at least 10 minutes: an upload still under way must never lose its files")
        boolean isMinAgeSafe() {
            return minAge.compareTo(Duration.ofMinutes(10)) >= 0;
        }
    }
}
