package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.eventflow.platform.domain.Conflict;

/** The per-event gate in front of the booking transaction. */
class EventGateTest {

    @Test
    void letsOnlyTheConfiguredNumberOfBookingsOfOneEventInAtOnce() throws Exception {
        EventGate gate = new EventGate(new BookingProperties(null, 2, Duration.ofSeconds(10), null));
        UUID event = UUID.randomUUID();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                done.add(pool.submit(() -> gate.through(event, () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    await(release); // a booking in progress; without the gate all 50 would be in here together
                    inside.decrementAndGet();
                    return 1;
                })));
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inside.get() == 2);
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> inside.get() <= 2);
            release.countDown();
            for (Future<Integer> f : done) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aBookingThatWaitsTooLongIsRefusedWithoutRunning() throws Exception {
        EventGate gate = new EventGate(new BookingProperties(null, 1, Duration.ofMillis(100), null));
        UUID event = UUID.randomUUID();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> gate.through(event, () -> {
                holding.countDown();
                await(release);
                return 1;
            }));
            holding.await();
            AtomicInteger ran = new AtomicInteger();
            assertThatThrownBy(() -> gate.through(event, ran::incrementAndGet)).isInstanceOf(EventGate.Busy.class)
                    .hasMessageContaining("nothing was booked");
            assertThat(ran).hasValue(0);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(gate.through(event, () -> 2)).as("the permit came back").isEqualTo(2);
    }

    @Test
    void theBookingsOwnRefusalReachesTheRequestUnchangedAndFreesTheTurn() {
        EventGate gate = new EventGate(new BookingProperties(null, 1, Duration.ofSeconds(1), null));
        UUID event = UUID.randomUUID();
        assertThatThrownBy(() -> gate.through(event, () -> {
            throw new Conflict("The event is cancelled");
        })).isInstanceOf(Conflict.class).hasMessage("The event is cancelled");
        assertThat(gate.through(event, () -> 4)).as("the permit came back").isEqualTo(4);
    }

    @Test
    void zeroMeansNoLimit() {
        EventGate gate = new EventGate(new BookingProperties(null, 0, Duration.ofMillis(1), null));
        UUID event = UUID.randomUUID();
        assertThat(gate.through(event, () -> gate.through(event, () -> 3))).isEqualTo(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
