package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Nodes;
import io.eventflow.support.S3Server;
import io.eventflow.support.TcpProxy;

/**
 * Photos in a bucket shared by two nodes: one reaches the S3 server through a {@link TcpProxy} the tests cut or stall
 * (the shared server itself is never stopped), the other directly. What one node stores the other serves; a store that
 * goes away in the middle of an upload, or stops answering, costs the upload a 503 with {@code Retry-After} and leaves
 * neither a row without its objects nor objects without their row once the sweep has run.
 */
class S3PhotoStorageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Nodes nodes = new Nodes();
    private static String bucket;
    private static TcpProxy proxy;
    private static Api throughProxy;
    private static Api direct;

    @BeforeAll
    static void startTwoNodesOnOneBucket() {
        bucket = S3Server.newBucket("nodes");
        proxy = new TcpProxy("127.0.0.1", S3Server.PORT);
        Map<String, Object> proxied = new java.util.LinkedHashMap<>(
                S3Server.storeIn(bucket, "http://127.0.0.1:" + proxy.port()));
        proxied.put("eventflow.media.s3.connect-timeout", "1s");
        proxied.put("eventflow.media.s3.read-timeout", "2s");
        proxied.put("eventflow.media.s3.call-timeout", "3s");
        proxied.put("eventflow.media.s3.max-attempts", "2");
        throughProxy = nodes.start(proxied);
        direct = nodes.start(S3Server.storeIn(bucket, S3Server.endpoint()));
    }

    @AfterEach
    void restoreTheStore() {
        proxy.restore();
    }

    @AfterAll
    static void stop() {
        nodes.close();
        proxy.close();
    }

    private static String event(Api node, Session organizer) {
        return node.createEvent(organizer, EventCatalogIT.event("Photos in a bucket"));
    }

    private static Response upload(Api node, Session user, String eventId, byte[] png) {
        return node.post("/api/v1/events/" + eventId + "/photos").file("photo", "photo.png", "image/png", png)
                .bearer(user).send();
    }

    /** A PNG of noise: it barely compresses, so its size (and its thumbnail's) is close to its pixels'. */
    private static byte[] noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ThreadLocalRandom.current().nextInt(0x1000000));
            }
        }
        return TestImages.encode(image, "png");
    }

    private static HttpResponse<byte[]> download(Api node, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long galleryTotal(String eventId) {
        return direct.get("/api/v1/events/" + eventId + "/photos").send().expect(200).body().get("total").asLong();
    }

    /** Every object without a photo row is removed, whatever its age; returns how many. */
    private static int sweep() {
        return nodes.context(direct).getBean(OrphanSweep.class).removeOrphansWrittenBefore(Instant.now().plusSeconds(60));
    }

    private static void assertRefusedForNow(Response refused) {
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("photo storage");
    }

    @Test
    void aPhotoUploadedThroughOneNodeIsServedAndDeletedThroughTheOther() {
        Session organizer = throughProxy.register("organizer");
        String eventId = event(throughProxy, organizer);
        byte[] png = TestImages.png(640, 480);
        Set<String> before = new HashSet<>(S3Server.keys(bucket));

        String id = upload(throughProxy, organizer, eventId, png).expect(201).body().get("id").asString();

        HttpResponse<byte[]> served = download(direct, "/api/v1/photos/" + id);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(TestImages.decode(served.body()).getWidth()).isEqualTo(640);
        assertThat(download(throughProxy, "/api/v1/photos/" + id).body()).isEqualTo(served.body());
        assertThat(download(direct, "/api/v1/photos/" + id + "/thumbnail").statusCode()).isEqualTo(200);
        assertThat(S3Server.keys(bucket)).hasSize(before.size() + 2);

        direct.delete("/api/v1/photos/" + id).bearer(organizer).send().expect(204);

        assertThat(download(throughProxy, "/api/v1/photos/" + id).statusCode()).isEqualTo(404);
        assertThat(new HashSet<>(S3Server.keys(bucket))).as("both objects of the photo are gone").isEqualTo(before);
    }

    @Test
    void theStoreGoneInTheMiddleOfAnUploadCostsItA503AndKeepsNothing() {
        Session organizer = throughProxy.register("organizer");
        String eventId = event(throughProxy, organizer);
        byte[] png = noise(400, 300);
        Set<String> before = new HashSet<>(S3Server.keys(bucket));
        proxy.cutAfterUpstreamBytes(png.length / 2); // in the middle of the original's PUT

        assertRefusedForNow(upload(throughProxy, organizer, eventId, png));

        assertThat(galleryTotal(eventId)).isZero();
        proxy.restore();
        sweep();
        assertThat(new HashSet<>(S3Server.keys(bucket))).as("no object of the refused upload").isEqualTo(before);
        upload(throughProxy, organizer, eventId, png).expect(201);
        assertThat(galleryTotal(eventId)).isEqualTo(1);
    }

    @Test
    void theStoreGoneAfterTheOriginalWasStoredLeavesAnOrphanThatTheSweepRemoves() {
        Session organizer = throughProxy.register("organizer");
        String eventId = event(throughProxy, organizer);
        String kept = upload(direct, organizer, eventId, TestImages.png(100, 100)).expect(201).body().get("id").asString();
        byte[] png = noise(400, 300);
        Set<String> before = new HashSet<>(S3Server.keys(bucket));
        // the original's PUT (headers and body) gets through, its thumbnail's is cut in the middle of its body
        proxy.cutAfterUpstreamBytes(png.length + 20_000L);

        assertRefusedForNow(upload(throughProxy, organizer, eventId, png));

        assertThat(galleryTotal(eventId)).as("no row without its objects").isEqualTo(1);
        List<String> orphans = S3Server.keys(bucket).stream().filter(key -> !before.contains(key)).toList();
        assertThat(orphans).as("the original, which could not be removed while the store was away").hasSize(1);
        proxy.restore();

        assertThat(sweep()).isEqualTo(1);

        assertThat(new HashSet<>(S3Server.keys(bucket))).isEqualTo(before);
        assertThat(download(direct, "/api/v1/photos/" + kept).statusCode()).as("a photo's objects are kept").isEqualTo(200);
        assertThat(download(direct, "/api/v1/photos/" + kept + "/thumbnail").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoreThatStopsAnsweringCostsUploadsAndReadsA503() {
        Session organizer = throughProxy.register("organizer");
        String eventId = event(throughProxy, organizer);
        String id = upload(throughProxy, organizer, eventId, TestImages.png(80, 60)).expect(201).body().get("id").asString();
        Set<String> before = new HashSet<>(S3Server.keys(bucket));
        proxy.stall();

        assertRefusedForNow(upload(throughProxy, organizer, eventId, TestImages.png(90, 60)));
        Response read = throughProxy.get("/api/v1/photos/" + id).send();
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.header("Retry-After")).isEqualTo("5");

        proxy.cut(); // what was held back never reaches the server
        proxy.restore();
        assertThat(galleryTotal(eventId)).isEqualTo(1);
        assertThat(new HashSet<>(S3Server.keys(bucket))).isEqualTo(before);
        assertThat(download(throughProxy, "/api/v1/photos/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void aPhotoWhoseObjectIsGoneFromTheBucketIsA404() {
        Session organizer = direct.register("organizer");
        String eventId = event(direct, organizer);
        Set<String> before = new HashSet<>(S3Server.keys(bucket));
        String id = upload(direct, organizer, eventId, TestImages.png(200, 100)).expect(201).body().get("id").asString();
        List<String> objects = S3Server.keys(bucket).stream().filter(key -> !before.contains(key)).toList();
        assertThat(objects).hasSize(2);

        try (var s3 = S3Server.client()) {
            objects.forEach(key -> s3.deleteObject(delete -> delete.bucket(bucket).key(key)));
        }

        Response missing = direct.get("/api/v1/photos/" + id).send();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(direct.get("/api/v1/photos/" + id + "/thumbnail").send().status()).isEqualTo(404);
    }
}
