package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BrowseTotalsTest {

    private static final String ALL = " WHERE 1 = 1";

    private final AtomicLong now = new AtomicLong();
    private final BrowseTotals totals = new BrowseTotals(now::get);
    private final AtomicInteger counts = new AtomicInteger();

    @Test
    void aTotalIsCountedOnceASecond() {
        assertThat(totals.get(ALL, Map.of(), () -> counted(7))).isEqualTo(7);
        now.addAndGet(BrowseTotals.KEPT_NANOS - 1);
        assertThat(totals.get(ALL, Map.of(), () -> counted(8))).isEqualTo(7);
        now.addAndGet(1);
        assertThat(totals.get(ALL, Map.of(), () -> counted(9))).isEqualTo(9);
        assertThat(counts).hasValue(2);
    }

    @Test
    void browsesWithOtherBoundsAreCountedApart() {
        totals.get(ALL, Map.of("from_time", "2026-12-06T18:00Z"), () -> counted(3));
        assertThat(totals.get(ALL, Map.of("from_time", "2026-12-06T18:01Z"), () -> counted(2))).isEqualTo(2);
        assertThat(counts).hasValue(2);
    }

    @Test
    void whileOneRequestCountsAnOldTotalAgainTheOthersAnswerWithTheKeptOne() throws InterruptedException {
        totals.get(ALL, Map.of(), () -> counted(5));
        now.addAndGet(BrowseTotals.KEPT_NANOS);
        CountDownLatch counting = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        Thread recount = Thread.ofVirtual().start(() -> totals.get(ALL, Map.of(), () -> {
            counting.countDown();
            await(answered);
            return counted(6);
        }));
        await(counting);

        assertThat(totals.get(ALL, Map.of(), () -> counted(99))).isEqualTo(5);
        answered.countDown();
        recount.join();
        assertThat(totals.get(ALL, Map.of(), () -> counted(99))).isEqualTo(6);
        assertThat(counts).hasValue(2);
    }

    @Test
    void aCountThatFailsLeavesTheNextRequestToCountAgain() {
        totals.get(ALL, Map.of(), () -> counted(5));
        now.addAndGet(BrowseTotals.KEPT_NANOS);
        assertThatThrownBy(() -> totals.get(ALL, Map.of(), () -> {
            throw new IllegalStateException("database gone");
        })).hasMessage("database gone");
        assertThat(totals.get(ALL, Map.of(), () -> counted(6))).isEqualTo(6);
    }

    private long counted(long value) {
        counts.incrementAndGet();
        return value;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
