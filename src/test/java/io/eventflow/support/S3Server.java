package io.eventflow.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The local S3-compatible server the photo tests store into (Adobe's S3Mock, started by {@code .ci/run} through
 * {@code deploy/servers.sh}'s {@code ensure_s3}), on 127.0.0.1:9320 or EVENTFLOW_TEST_S3_PORT. Each test class takes a
 * bucket of its own, so its orphan sweeps and object counts never meet another's. The server is shared and never
 * stopped by a test: failures are made with a {@link TcpProxy} in front of it.
 */
public final class S3Server {

    public static final int PORT = Integer.parseInt(env("EVENTFLOW_TEST_S3_PORT", "9320"));
    /** S3Mock takes any key; nodes find these through the SDK's default chain, as they would real ones. */
    private static final String ACCESS_KEY = "eventflow-test";
    private static final String SECRET_KEY = "eventflow-test-secret";

    private S3Server() {
    }

    public static String endpoint() {
        return "http://127.0.0.1:" + PORT;
    }

    /** A new, empty bucket. Fails (never skips) when the server is not there, saying how to start it. */
    public static String newBucket(String purpose) {
        requireRunning();
        String bucket = ("eventflow-it-" + purpose + "-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(0x10000), 16)).toLowerCase(java.util.Locale.ROOT);
        try (S3Client s3 = client()) {
            s3.createBucket(create -> create.bucket(bucket));
        }
        return bucket;
    }

    /** The settings of a node that keeps its photos in {@code bucket}, reached at {@code endpoint}. */
    public static Map<String, Object> storeIn(String bucket, String endpoint) {
        // the SDK's default chain reads these system properties: no credentials in any setting, as in production
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("eventflow.media.storage", "s3");
        settings.put("eventflow.media.s3.bucket", bucket);
        settings.put("eventflow.media.s3.endpoint", endpoint);
        settings.put("eventflow.media.s3.path-style-access", "true");
        return settings;
    }

    /** A client of the server itself (not through any proxy), to look into or change a bucket behind a node's back. */
    public static S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true).build();
    }

    /** Every key in the bucket. */
    public static List<String> keys(String bucket) {
        try (S3Client s3 = client()) {
            return s3.listObjectsV2Paginator(list -> list.bucket(bucket)).contents().stream().map(S3Object::key).toList();
        }
    }

    private static void requireRunning() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 2000);
        } catch (IOException e) {
            throw new IllegalStateException("No S3-compatible server on 127.0.0.1:" + PORT + " for the photo storage tests: "
                    + "run .ci/run, or from the repository's root: bash -c '. deploy/servers.sh && ensure_s3'", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
