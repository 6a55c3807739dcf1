package io.eventflow.catalog;

import java.util.Optional;
import java.util.UUID;

import io.eventflow.identity.CurrentUser;
import tools.jackson.databind.JsonNode;

/** Recurring events, for the other modules (the web UI): the same rules as {@code /api/v1/event-series}. */
public interface EventSeriesCatalog {

    /** Creates the series and its first occurrences (as events) in one transaction. */
    SeriesView create(CurrentUser organizer, SeriesInput input);

    /** The series the event is an occurrence of, with up to {@code next} of its coming occurrences. */
    Optional<SeriesView> seriesOf(UUID eventId, int next);

    /**
     * Changes occurrence {@code from} and the following ones (JSON merge patch of the series' fields); returns the
     * series they belong to afterwards.
     */
    SeriesView changeFollowing(CurrentUser actor, UUID seriesId, UUID from, JsonNode patch);
}
