package io.eventflow.catalog;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The number of matches of a browse (the whole catalog, or its upcoming scheduled events), kept for a second per
 * node. Counting reads every match — 100,000 index entries at 100,000 events, most of a list request's cost — while
 * the page itself reads 20 rows; a total a second old is what a reader of a catalog that changes under them gets
 * anyway (the page and the count are separate statements). Searches are not kept: their matches are few and
 * counted with the page.
 *
 * <p>Once a total is a second old, one request counts again while the others still answer with the kept total: when
 * every request that found it old counted, a busy home page ran the count several times at once each second, and
 * those requests made its p99 (bench/catalog/run-writes.sh).
 */
final class BrowseTotals {

    static final long KEPT_NANOS = 1_000_000_000L;
    /** Browses differ only by their status and start-time bounds: more than this means bounds change per request. */
    private static final int MAX_ENTRIES = 256;

    private record Total(long value, long countedAt) {
    }

    private final Map<String, Total> totals = new ConcurrentHashMap<>();
    private final Set<String> counting = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;

    BrowseTotals() {
        this(System::nanoTime);
    }

    BrowseTotals(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    long get(String where, Map<String, Object> params, LongSupplier count) {
        String key = where + new TreeMap<>(params);
        Total kept = totals.get(key);
        if (kept != null && (clock.getAsLong() - kept.countedAt() < KEPT_NANOS || !counting.add(key))) {
            return kept.value(); // fresh, or another request is counting it again
        }
        try {
            long countedAt = clock.getAsLong();
            long value = count.getAsLong();
            if (totals.size() >= MAX_ENTRIES) {
                totals.clear(); // bounded memory; the next requests count again
            }
            totals.put(key, new Total(value, countedAt));
            return value;
        } finally {
            if (kept != null) {
                counting.remove(key);
            }
        }
    }
}
