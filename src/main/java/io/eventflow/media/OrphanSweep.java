package io.eventflow.media;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes stored files that no photo refers to: those of an upload whose node crashed between storing the files and
 * committing the row, or whose clean-up failed because the store was down at that moment (an upload refused with 503,
 * a deletion). Only files older than {@code eventflow.media.orphan-sweep.min-age} are considered, so an upload still
 * under way (files stored, row not yet committed) never loses its files. Idempotent: every node may run it at the same
 * time; deleting a file twice is no error, and a file that a row refers to is never deleted.
 */
@Component
class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    private static final int BATCH = 500;

    private final PhotoStore store;
    private final PhotoRepository photos;
    private final PhotoStorageProperties properties;
    private final Clock clock;

    OrphanSweep(PhotoStore store, PhotoRepository photos, PhotoStorageProperties properties, Clock clock) {
        this.store = store;
        this.photos = photos;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${eventflow.media.orphan-sweep.every:PT1H}",
            initialDelayString = "${eventflow.media.orphan-sweep.every:PT1H}")
    void sweep() {
        try {
            int removed = removeOrphansWrittenBefore(clock.instant().minus(properties.orphanSweep().minAge()));
            if (removed > 0) {
                log.info("Removed {} stored photo files that no photo refers to", removed);
            }
        } catch (RuntimeException e) {
            log.warn("The sweep of orphan photo files failed (it runs again later): {}", e.toString());
        }
    }

    /** Removes the orphans written before {@code before}; returns how many. */
    int removeOrphansWrittenBefore(Instant before) {
        List<String> batch = new ArrayList<>(BATCH);
        int[] removed = {0};
        store.forEachKeyWrittenBefore(before, key -> {
            batch.add(key);
            if (batch.size() == BATCH) {
                removed[0] += removeUnreferenced(batch);
                batch.clear();
            }
        });
        return removed[0] + removeUnreferenced(batch);
    }

    private int removeUnreferenced(List<String> keys) {
        Set<String> referenced = photos.referencedKeys(keys);
        int removed = 0;
        for (String key : keys) {
            if (!referenced.contains(key)) {
                store.delete(key);
                removed++;
            }
        }
        return removed;
    }
}
