package io.eventflow.catalog;

import org.jspecify.annotations.Nullable;

/**
 * Which events {@link EventCatalog#forEach} streams, and in which order: at most one exact-match condition and one
 * sort key, by their API field names ({@code number, title, description, location, category, status, start_time,
 * end_time, created_at, updated_at, popularity, organizer_id}). Built from what an older API's client sent, so it is
 * only data here: {@code forEach} checks it against the allow-list and refuses it as
 * {@link io.eventflow.platform.domain.InvalidInput} before anything runs.
 * <p>
 * The condition: text fields equal ignoring case; times an ISO-8601 instant with offset, or a local date-time
 * ({@code 2023-12-01T10:00:00}) read as UTC; {@code number} and {@code popularity} whole numbers;
 * {@code organizer_id} a UUID; {@code status} {@code scheduled} or {@code cancelled}. Both null: every event.
 * Events with an equal sort key come in ascending {@code number} order, so the order is total.
 *
 * @param whereField the field to match, or null for every event
 * @param whereValue the value it must have, or null with {@code whereField}
 * @param orderBy the field to sort by
 * @param descending largest first
 */
public record EventListing(@Nullable String whereField, @Nullable String whereValue, String orderBy,
        boolean descending) {

    /** Every event, by number. */
    public static EventListing all() {
        return new EventListing(null, null, "number", false);
    }

    /** The events at exactly this location (ignoring case), soonest first. */
    public static EventListing atLocation(String location) {
        return new EventListing("location", location, "start_time", false);
    }
}
