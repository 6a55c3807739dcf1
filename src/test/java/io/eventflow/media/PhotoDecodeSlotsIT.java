package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;

/** An upload that finds every decoding slot taken for longer than decode-wait is told when to come back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eventflow.media.max-concurrent-decodes=1", "eventflow.media.decode-wait=300ms"})
class PhotoDecodeSlotsIT {

    @LocalServerPort
    int port;
    @Autowired
    DecodePool decoding;

    @Test
    void anUploadWaitingTooLongForADecodingSlotGets503WithRetryAfterAndTheNextOneIsStored() throws Exception {
        Api api = new Api(port);
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Busy gallery"));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try {
                decoding.run(deadline -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "released";
                });
            } catch (PhotoContent.Rejected e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> decoding.available() == 0);

            Response busy = upload(api, organizer, eventId);

            assertThat(busy.status()).as(busy.text()).isEqualTo(503);
            assertThat(busy.contentType()).startsWith("application/problem+json");
            assertThat(busy.header("Retry-After")).isEqualTo("2");
            assertThat(busy.body().get("detail").asString()).contains("try again");
        } finally {
            release.countDown();
            holder.join();
        }
        upload(api, organizer, eventId).expect(201);
        assertThat(api.get("/api/v1/events/" + eventId + "/photos").send().body().get("total").asLong()).isEqualTo(1);
    }

    private static Response upload(Api api, Session organizer, String eventId) {
        return api.post("/api/v1/events/" + eventId + "/photos").bearer(organizer)
                .file("photo", "a.png", "image/png", TestImages.png(40, 30)).send();
    }
}
