package io.eventflow.platform.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.platform.Vendor;

/**
 * Writes the outbox's "completed" marks in batches: one transaction for the marks of every listener that finished in
 * the last few milliseconds, instead of one transaction (setting, delete, commit) after each. A mark waiting here is
 * lost if the node dies; its publication then counts as unfinished and its idempotent listener runs again after the
 * staleness period — as when a node dies between a listener's commit and its mark (see {@link OutboxBookkeeping}).
 * Pending marks are written when the node stops, before its database connections close.
 */
@Component
class OutboxCompletions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxCompletions.class);
    private static final long GATHER_MILLIS = 20;
    private static final int MAX_BATCH = 500;

    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Vendor vendor;
    private final Queue<Mark> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile @Nullable ScheduledExecutorService writer; // from start() on
    private volatile boolean running;

    OutboxCompletions(TransactionTemplate transactions, JdbcTemplate jdbc, Vendor vendor) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.vendor = vendor;
    }

    /** A mark to write with the next batch; written at once if this node is not running (starting or stopping). */
    void add(Mark mark) {
        if (!running) {
            write(List.of(mark));
            return;
        }
        pending.add(mark);
        if (scheduled.compareAndSet(false, true)) {
            try {
                Objects.requireNonNull(writer, "start() sets it before running")
                        .schedule(this::writePending, GATHER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                writePending(); // stop() shut the writer down meanwhile
            }
        }
    }

    private synchronized void writePending() {
        scheduled.set(false);
        while (!pending.isEmpty()) {
            List<Mark> batch = new ArrayList<>();
            Mark mark;
            while (batch.size() < MAX_BATCH && (mark = pending.poll()) != null) {
                batch.add(mark);
            }
            write(batch);
        }
    }

    private void write(List<Mark> batch) {
        try {
            writeTogether(batch);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                // its publication stays unfinished: the staleness period brings its (idempotent) listener back
                log.warn("Could not mark a finished event publication completed: {}", e.toString());
                return;
            }
            batch.forEach(mark -> write(List.of(mark))); // one failing mark must not undo the others
        }
    }

    private void writeTogether(List<Mark> batch) {
        transactions.executeWithoutResult(tx -> {
            if (vendor.isPostgres()) {
                jdbc.queryForObject(OutboxBookkeeping.ASYNC_COMMIT, String.class);
            }
            batch.forEach(Mark::write);
        });
    }

    @Override
    public void start() {
        writer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-completions").daemon().factory());
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService stopping = Objects.requireNonNull(writer, "the container stops only what it started");
        stopping.shutdown();
        try {
            stopping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writePending();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Late to start, early to stop: marks are written while the data source is still open. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** One repository call, made inside the batch's transaction. */
    @FunctionalInterface
    interface Mark {
        void write();
    }
}
