package io.eventflow.media;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link PhotoStore} in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...), shared by every node. A photo's
 * original and thumbnail are two objects under {@link PhotoKeys} (after {@code eventflow.media.s3.prefix}); a
 * PutObject is atomic, so an object is there whole or not at all.
 * <p>
 * Photos are streamed through EventFlow rather than handed out as presigned URLs: the answer keeps the headers the
 * directory store's has (the type of the validated content, {@code nosniff}, the sandbox CSP, caching, the ETag, the
 * problem for an unsatisfiable {@code Range}), the bucket stays private, and no link to a deleted photo stays valid
 * for a while. A {@code Range} is asked of the store as a range: the bytes before it are not downloaded.
 * <p>
 * A store that fails or cannot be reached in time becomes {@link MediaProblems.StorageUnavailable} (503); the SDK's
 * message (host, bucket, key, status; never credentials) goes to the log.
 */
class S3PhotoStore implements PhotoStore {

    private static final Logger log = LoggerFactory.getLogger(S3PhotoStore.class);
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3PhotoStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    String bucket() {
        return bucket;
    }

    @Override
    public String put(byte[] content, String extension) {
        String key = PhotoKeys.generate(extension);
        putAt(key, content);
        return key;
    }

    /** Writes under a key made elsewhere: the migration keeps the keys the photos' rows hold. */
    void putAt(String key, byte[] content) {
        requireValid(key);
        // application/octet-stream: should the bucket ever be read directly, no browser renders an object as a page
        call("store " + key, () -> s3.putObject(put -> put.bucket(bucket).key(prefix + key).contentType(CONTENT_TYPE)
                .contentLength((long) content.length), RequestBody.fromBytes(content)));
    }

    @Override
    public Optional<Resource> get(String key) {
        if (!PhotoKeys.isValid(key)) {
            return Optional.empty();
        }
        OptionalLong size = size(key);
        return size.isPresent() ? Optional.of(new ObjectResource(key, size.getAsLong())) : Optional.empty();
    }

    /** The object's size, empty when there is none. */
    OptionalLong size(String key) {
        requireValid(key);
        try {
            HeadObjectResponse head = call("look up " + key, () -> s3.headObject(h -> h.bucket(bucket).key(prefix + key)));
            return OptionalLong.of(head.contentLength());
        } catch (MissingObject missing) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void delete(String key) {
        if (PhotoKeys.isValid(key)) {
            call("delete " + key, () -> s3.deleteObject(d -> d.bucket(bucket).key(prefix + key))); // idempotent in S3
        }
    }

    @Override
    public void forEachKeyWrittenBefore(Instant before, Consumer<String> action) {
        call("list the bucket", () -> {
            for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()) {
                String key = object.key().substring(prefix.length());
                if (PhotoKeys.isValid(key) && object.lastModified().isBefore(before)) {
                    action.accept(key);
                }
            }
            return null;
        });
    }

    /** Whether the bucket is there: a node with a wrong bucket name refuses to start rather than refusing uploads. */
    void checkBucket() {
        try {
            s3.headBucket(head -> head.bucket(bucket));
        } catch (S3Exception e) {
            throw new IllegalStateException("eventflow.media.s3.bucket: the store answered " + e.statusCode()
                    + " for bucket '" + bucket + "' (404: it does not exist; 403: the credentials may not use it)", e);
        } catch (SdkException unreachable) {
            // down for now: the node starts and serves what does not need photos; uploads get 503 until it is back
            log.warn("The photo store (bucket {}) cannot be reached yet: {}", bucket, unreachable.getMessage());
        }
    }

    private <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (NoSuchKeyException e) {
            throw new MissingObject();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HeadObject has no body, hence no NoSuchKey code
                throw new MissingObject();
            }
            log.warn("The photo store refused to {} in bucket {}: {}", what, bucket, e.getMessage());
            throw new MediaProblems.StorageUnavailable();
        } catch (SdkException e) {
            log.warn("The photo store could not {} in bucket {}: {}", what, bucket, e.getMessage());
            throw new MediaProblems.StorageUnavailable();
        }
    }

    private static void requireValid(String key) {
        if (!PhotoKeys.isValid(key)) {
            throw new IllegalArgumentException("Not a photo key");
        }
    }

    /** The object is not (or no longer) in the bucket. */
    private static final class MissingObject extends RuntimeException {
        MissingObject() {
            super(null, null, false, false);
        }
    }

    /**
     * An object of known size whose bytes are fetched when they are read. Spring writes a {@code Range} by skipping to
     * its start and reading on: skipping before the first read only moves the position, and the first read asks the
     * store for the bytes from there on.
     */
    private final class ObjectResource extends AbstractResource {

        private final String key;
        private final long size;

        ObjectResource(String key, long size) {
            this.key = key;
            this.size = size;
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public String getDescription() {
            return "photo " + key + " in bucket " + bucket;
        }

        @Override
        public InputStream getInputStream() {
            return new ObjectStream(key, size);
        }
    }

    private final class ObjectStream extends InputStream {

        private final String key;
        private final long size;
        private long position;
        private @Nullable ResponseInputStream<GetObjectResponse> open;

        ObjectStream(String key, long size) {
            this.key = key;
            this.size = size;
        }

        @Override
        public long skip(long n) throws IOException {
            if (open != null) {
                long skipped = open.skip(n);
                position += skipped;
                return skipped;
            }
            long skipped = Math.max(0, Math.min(n, size - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int read() throws IOException {
            int b = opened().read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int read = opened().read(buffer, offset, length);
            if (read > 0) {
                position += read;
            }
            return read;
        }

        private InputStream opened() throws IOException {
            ResponseInputStream<GetObjectResponse> stream = open;
            if (stream != null) {
                return stream;
            }
            if (position >= size) {
                return InputStream.nullInputStream();
            }
            long from = position;
            try {
                stream = call("read " + key, () -> s3.getObject(get -> get.bucket(bucket).key(prefix + key)
                        .range(from > 0 ? "bytes=" + from + "-" : null)));
            } catch (MissingObject | MediaProblems.StorageUnavailable e) {
                throw new IOException("Photo " + key + " could not be read from bucket " + bucket, e);
            }
            open = stream;
            return stream;
        }

        @Override
        public void close() throws IOException {
            ResponseInputStream<GetObjectResponse> stream = open;
            if (stream == null) {
                return;
            }
            if (position < size) {
                stream.abort(); // a range ends before the object does: drop the connection, never download the rest
            }
            stream.close();
        }
    }
}
