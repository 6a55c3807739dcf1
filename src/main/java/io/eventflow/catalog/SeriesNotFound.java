package io.eventflow.catalog;

import java.util.UUID;

import io.eventflow.platform.domain.NotFound;

/** No series with that id (never created, or deleted). */
class SeriesNotFound extends NotFound {

    SeriesNotFound(UUID seriesId) {
        super("Series", seriesId);
    }
}
