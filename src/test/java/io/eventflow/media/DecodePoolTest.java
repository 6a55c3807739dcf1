package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Decoding slots: a bounded wait for one, and a time limit that aborts the decoder itself. */
class DecodePoolTest {

    private final MediaProperties properties = new MediaProperties(Path.of("unused"), DataSize.ofMegabytes(10),
            50_000_000L, DataSize.ofMegabytes(150), 320, 1, Duration.ofMillis(200), Duration.ofMillis(150));
    private final DecodePool pool = new DecodePool(properties);

    @AfterEach
    void stop() {
        pool.destroy();
    }

    @Test
    void answersBusyWhenEverySlotStaysTakenForTheWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.run(deadline -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "done";
                });
            } catch (PhotoContent.Rejected e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.available() == 0);

        assertThatThrownBy(() -> pool.run(deadline -> "never")).isInstanceOf(MediaProblems.Busy.class);

        release.countDown();
        assertThat(holder.get()).isEqualTo("done");
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.available() == 1);
        String next = pool.run(deadline -> "next");
        assertThat(next).isEqualTo("next");
    }

    @Test
    void abortsADecodeThatOutlastsItsTimeoutAndGivesItsSlotBack() throws Exception {
        // 128 MB of 16-bit pixels: seconds of inflating, far over the 150 ms allowed here
        PhotoContent.Cleaned heavy = PhotoContent.clean(TestImages.flatPng(4000, 4000, 16));
        ImageProcessor processor = new ImageProcessor(properties);

        assertThatThrownBy(() -> pool.run(deadline -> processor.thumbnail(heavy, deadline)))
                .isInstanceOf(PhotoContent.Rejected.class).hasMessageContaining("eventflow.media.decode-timeout");

        await().atMost(Duration.ofSeconds(5)).until(() -> pool.available() == 1);
    }
}
