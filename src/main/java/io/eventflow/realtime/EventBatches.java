package io.eventflow.realtime;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.eventflow.platform.AfterCommit;

/**
 * Changes to one event gathered for a moment, then handled once: a rush of 500 bookings a second costs ten handlings
 * a second, not a thousand, and each handling reads the latest state. Shared by the feeds that push after bookings.
 */
final class EventBatches implements AutoCloseable {

    private final Consumer<UUID> handler;
    private final long delayMillis;
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    EventBatches(String name, long delayMillis, Consumer<UUID> handler) {
        this.handler = handler;
        this.delayMillis = delayMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    }

    /** Called in the changing transaction: the handling is planned once it commits. */
    void changed(UUID eventId) {
        AfterCommit.run(() -> {
            if (pending.add(eventId)) {
                timer.schedule(() -> run(eventId), delayMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void run(UUID eventId) {
        pending.remove(eventId); // before handling: a change committed during it plans another
        try {
            handler.accept(eventId);
        } catch (RuntimeException e) {
            // the database is unreachable for a moment: the next change handles the event again
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
