package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BrowseTotalsTest {

    private static final String ALL = " WHERE 1 = 1";

    private final AtomicLong now = new AtomicLong();
    /** Counts started in the background, run when the test says. */
    private final List<Runnable> background = new ArrayList<>();
    private final BrowseTotals totals = new BrowseTotals(now::get, background::add);
    private final AtomicInteger counts = new AtomicInteger();

    @Test
    void aBrowsesFirstTotalIsCountedInTheRequestAndKeptForASecond() {
        assertThat(totals.get(ALL, Map.of(), () -> counted(7))).isEqualTo(7);
        now.addAndGet(BrowseTotals.KEPT_NANOS - 1);
        assertThat(totals.get(ALL, Map.of(), () -> counted(8))).isEqualTo(7);
        assertThat(counts).hasValue(1);
        assertThat(background).isEmpty();
    }

    @Test
    void aTotalASecondOldIsAnsweredWhileOneBackgroundCountReplacesIt() {
        totals.get(ALL, Map.of(), () -> counted(5));
        now.addAndGet(BrowseTotals.KEPT_NANOS);

        assertThat(totals.get(ALL, Map.of(), () -> counted(6))).isEqualTo(5);
        assertThat(totals.get(ALL, Map.of(), () -> counted(99))).isEqualTo(5);
        assertThat(background).hasSize(1); // the second request found it already being counted
        background.removeFirst().run();

        assertThat(totals.get(ALL, Map.of(), () -> counted(99))).isEqualTo(6);
        assertThat(counts).hasValue(2);
    }

    @Test
    void aTotalTwoSecondsOldIsCountedInTheRequest() {
        totals.get(ALL, Map.of(), () -> counted(5));
        now.addAndGet(BrowseTotals.ANSWERED_NANOS);
        assertThat(totals.get(ALL, Map.of(), () -> counted(6))).isEqualTo(6);
        assertThat(background).isEmpty();
    }

    @Test
    void browsesWithOtherBoundsAreCountedApart() {
        totals.get(ALL, Map.of("from_time", "2026-12-06T18:00Z"), () -> counted(3));
        assertThat(totals.get(ALL, Map.of("from_time", "2026-12-06T18:01Z"), () -> counted(2))).isEqualTo(2);
        assertThat(counts).hasValue(2);
    }

    @Test
    void aBackgroundCountThatFailsLeavesTheNextRequestToCountAgain() {
        totals.get(ALL, Map.of(), () -> counted(5));
        now.addAndGet(BrowseTotals.KEPT_NANOS);
        totals.get(ALL, Map.of(), () -> {
            throw new IllegalStateException("database gone");
        });
        background.removeFirst().run(); // logged, not thrown: no request is waiting for it

        assertThat(totals.get(ALL, Map.of(), () -> counted(6))).isEqualTo(5);
        background.removeFirst().run();
        assertThat(totals.get(ALL, Map.of(), () -> counted(99))).isEqualTo(6);
    }

    @Test
    void aFirstCountThatFailsFailsItsRequest() {
        assertThatThrownBy(() -> totals.get(ALL, Map.of(), () -> {
            throw new IllegalStateException("database gone");
        })).hasMessage("database gone");
        assertThat(totals.get(ALL, Map.of(), () -> counted(4))).isEqualTo(4);
    }

    private long counted(long value) {
        counts.incrementAndGet();
        return value;
    }
}
