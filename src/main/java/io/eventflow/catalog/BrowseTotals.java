package io.eventflow.catalog;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of matches of a browse (the whole catalog, or its upcoming scheduled events), kept for a second per
 * node. Counting reads every match — 100,000 index entries at 100,000 events, most of a list request's cost — while
 * the page itself reads 20 rows; a total a second old is what a reader of a catalog that changes under them gets
 * anyway (the page and the count are separate statements). Searches are not kept: their matches are few and
 * counted with the page.
 *
 * <p>Once a total is a second old, the request that finds it so has it counted again in the background, and every
 * request — that one too — answers with the kept total meanwhile: when every request that found it old counted, a
 * busy home page ran the count (15 ms at 100,000 events) several times at once each second, and the requests that
 * paid for it made its p99 (bench/catalog/run-writes.sh). A total older than {@link #ANSWERED_NANOS} (a quiet node,
 * no request for a while) is counted in the request, as a browse's first is: no answer is more than two seconds old.
 */
final class BrowseTotals {

    private static final Logger log = LoggerFactory.getLogger(BrowseTotals.class);
    static final long KEPT_NANOS = 1_000_000_000L;
    /** Until this age a total is answered while it is counted again; older, the request waits for the count. */
    static final long ANSWERED_NANOS = 2 * KEPT_NANOS;
    /** Browses differ only by their status and start-time bounds: more than this means bounds change per request. */
    private static final int MAX_ENTRIES = 256;

    private record Total(long value, long countedAt) {
    }

    private final Map<String, Total> totals = new ConcurrentHashMap<>();
    private final Set<String> counting = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;
    private final Executor background;

    BrowseTotals() {
        this(System::nanoTime, task -> Thread.ofVirtual().name("browse-total").start(task));
    }

    BrowseTotals(LongSupplier nanoClock, Executor background) {
        this.clock = nanoClock;
        this.background = background;
    }

    long get(String where, Map<String, Object> params, LongSupplier count) {
        String key = where + new TreeMap<>(params);
        Total kept = totals.get(key);
        long age = kept == null ? Long.MAX_VALUE : clock.getAsLong() - kept.countedAt();
        if (kept == null || age >= ANSWERED_NANOS) {
            return count(key, count);
        }
        if (age >= KEPT_NANOS && counting.add(key)) {
            background.execute(() -> {
                try {
                    count(key, count);
                } catch (RuntimeException e) {
                    log.debug("Counting {} again failed; the next request tries again", key, e);
                } finally {
                    counting.remove(key);
                }
            });
        }
        return kept.value();
    }

    private long count(String key, LongSupplier count) {
        long countedAt = clock.getAsLong();
        long value = count.getAsLong();
        if (totals.size() >= MAX_ENTRIES) {
            totals.clear(); // bounded memory; the next requests count again
        }
        totals.put(key, new Total(value, countedAt));
        return value;
    }
}
