package io.eventflow.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the occurrences of long or endless series as time moves on: each run, every series whose rule goes on gets
 * the occurrences that came within the horizon, up to {@code max-occurrences} ahead. Any number of nodes may run it
 * at once: each series is done in a transaction holding its row, so the second node finds the work done, and the
 * unique (series, recurrence id) of an occurrence would refuse a duplicate anyway.
 */
@Component
class SeriesMaterialiser {

    private static final Logger log = LoggerFactory.getLogger(SeriesMaterialiser.class);

    private final EventSeriesRepository series;
    private final SeriesService service;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SeriesProperties properties;

    SeriesMaterialiser(EventSeriesRepository series, SeriesService service, TransactionTemplate transactions,
            Clock clock, SeriesProperties properties) {
        this.series = series;
        this.service = service;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${eventflow.catalog.series.materialise-every:PT1H}",
            initialDelayString = "${eventflow.catalog.series.materialise-every:PT1H}")
    void run() {
        try {
            materialiseDue();
        } catch (RuntimeException e) {
            log.warn("Creating the next occurrences of series failed, the next run retries: {}", e.toString());
        }
    }

    /** Returns how many occurrences this call created. One series failing does not hold back the others. */
    int materialiseDue() {
        Instant now = clock.instant();
        int created = 0;
        for (UUID id : series.openBefore(now.plus(properties.horizon()))) {
            try {
                Integer made = transactions.execute(tx -> service.materialise(id, now));
                created += made == null ? 0 : made;
            } catch (RuntimeException e) {
                log.warn("Creating the next occurrences of series {} failed, the next run retries: {}", id, e.toString());
            }
        }
        return created;
    }
}
