package io.eventflow.media;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageReader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads that clean, decode and thumbnail uploads: a fixed number of platform threads of their own
 * ({@code eventflow.media.max-concurrent-decodes}, by default half the processors).
 * <p>
 * <b>Why threads of their own:</b> requests run on virtual threads, which share one carrier thread per processor. A
 * decode is seconds of CPU without a blocking call, and a virtual thread is never preempted: it keeps its carrier for
 * that long. With as many decodes as processors, every carrier was decoding and a {@code GET} of an event waited 4 s
 * instead of 2 ms (issue 18; bench/media measured 3.7 s). Decodes on these threads leave the carriers to the requests
 * (the operating system shares the cores between both), and there are never more of them than the setting allows.
 * <p>
 * An upload waits for a slot at most {@code decode-wait} (with its body on disk, not in memory), then is answered 503
 * with {@code Retry-After} ({@link MediaProblems.Busy}): no queue grows without bound. Each job has
 * {@code decode-timeout}: when it passes, a watchdog aborts the job's {@link ImageReader} and fails the reads of its
 * input ({@link AbortableImageInput}), and the upload is refused, so one pathological file cannot hold a slot for
 * long. A slot is given back only when its job has really ended.
 */
@Component
class DecodePool implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DecodePool.class);
    /** How long the request waits for a job past its deadline, should a decoder ignore being aborted. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final int size;
    private final Semaphore slots;
    private final ExecutorService threads;
    private final ScheduledExecutorService watchdog;
    private final Duration wait;
    private final Duration timeout;

    DecodePool(MediaProperties properties) {
        this.size = properties.decodeThreads();
        this.slots = new Semaphore(size, true);
        this.wait = properties.decodeWait();
        this.timeout = properties.decodeTimeout();
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, runnable -> {
            Thread thread = new Thread(runnable, "photo-decode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "photo-decode-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        log.info("Photos are decoded by {} thread(s); an upload waits at most {} for one, a decode takes at most {}",
                size, wait, timeout);
    }

    /** The work of one upload; it may throw {@link PhotoContent.Rejected} or a domain refusal. */
    interface Job<T> {
        T run(Deadline deadline) throws PhotoContent.Rejected;
    }

    /** The moment a job must be done by, and the means to abort its decoder then. */
    final class Deadline {
        private final long endNanos;
        private final AtomicBoolean passed = new AtomicBoolean();

        private Deadline(long endNanos) {
            this.endNanos = endNanos;
        }

        /**
         * Aborts the reader when the deadline passes, and fails its input's reads (not every plugin honours an
         * abort); close the result once the reader is done.
         */
        Alarm abortOnExpiry(ImageReader reader, AbortableImageInput input) {
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                passed.set(true);
                input.abort();
                reader.abort();
            }, Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return () -> alarm.cancel(false);
        }

        /** Whether a reader was aborted because the deadline passed (its result, if any, is partial). */
        boolean passed() {
            return passed.get();
        }

        Duration timeout() {
            return timeout;
        }
    }

    /** An armed abort, disarmed on close. */
    interface Alarm extends AutoCloseable {
        @Override
        void close();
    }

    int size() {
        return size;
    }

    /**
     * Runs the job on a decoding thread within {@code decode-wait} for a slot and {@code decode-timeout} for the work.
     *
     * @throws MediaProblems.Busy when no slot came free in time
     */
    <T> T run(Job<T> job) throws PhotoContent.Rejected {
        try {
            if (!slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new MediaProblems.Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaProblems.Busy();
        }
        Deadline deadline = new Deadline(System.nanoTime() + timeout.toNanos());
        Future<T> result;
        try {
            result = threads.submit(() -> {
                try {
                    return job.run(deadline);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) { // shutting down
            slots.release();
            throw new MediaProblems.Busy();
        }
        try {
            return result.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true); // its slot comes back when its thread is really free
            log.warn("A photo decoder ignored being aborted after {}; its thread is interrupted", timeout);
            throw PhotoContent.Rejected.tooSlow(timeout);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new MediaProblems.Busy();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PhotoContent.Rejected rejected) {
                throw rejected;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Slots free right now (for tests and diagnostics). */
    int available() {
        return slots.availablePermits();
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
        watchdog.shutdownNow();
    }
}
