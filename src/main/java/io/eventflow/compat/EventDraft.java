package io.eventflow.compat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventInput;
import io.eventflow.catalog.EventView;

/**
 * An {@link EventInput} being put together from an old API's few fields. The old APIs change events by merging the
 * fields sent into the event as it is; the catalog's update takes the whole event, so a draft starts from the current
 * view — including its version, so a change made in between is refused (409) rather than overwritten.
 */
final class EventDraft {

    @Nullable String title;
    @Nullable String description;
    @Nullable String category;
    @Nullable String startTime;
    @Nullable String endTime;
    String timezone;
    @Nullable String location;
    @Nullable Double latitude;
    @Nullable Double longitude;
    @Nullable Integer geofenceRadiusM;
    @Nullable Integer capacity;
    @Nullable BigDecimal price;
    @Nullable String currency;
    @Nullable String status;
    @Nullable Long version;

    private EventDraft(ZoneId zone) {
        this.timezone = zone.getId();
    }

    /** A new event; times without an offset are read in {@code zone}. */
    static EventDraft fresh(ZoneId zone) {
        return new EventDraft(zone);
    }

    static EventDraft of(EventView event) {
        EventDraft draft = new EventDraft(ZoneId.of(event.timezone()));
        draft.title = event.title();
        draft.description = event.description();
        draft.category = event.category();
        draft.startTime = event.startTime().toString();
        draft.endTime = event.endTime().toString();
        draft.location = event.location();
        draft.latitude = event.latitude();
        draft.longitude = event.longitude();
        draft.geofenceRadiusM = event.geofenceRadiusM();
        draft.capacity = event.capacity();
        draft.price = event.price();
        draft.currency = event.currency();
        draft.status = event.status().wireName();
        draft.version = event.version();
        return draft;
    }

    EventDraft starts(Instant start) {
        this.startTime = start.toString();
        return this;
    }

    EventDraft ends(Instant end) {
        this.endTime = end.toString();
        return this;
    }

    /** Null title or times are left for the catalog's validation to name, as for any client. */
    @SuppressWarnings("NullAway") // the catalog validates EventInput's required fields, like a JSON body's
    EventInput input() {
        return new EventInput(title, description, category, startTime, endTime, timezone, location, latitude, longitude,
                geofenceRadiusM, capacity, price, currency, status, version, null, null);
    }
}
