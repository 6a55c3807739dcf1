package io.eventflow.compat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventListing;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.InvalidInput;

/**
 * Seed 002, the Flask "event-manager", on port 8000:
 * <pre>
 * GET    /events              → every event, streamed (catalog.forEach)
 * GET    /events?id=N         → catalog.viewByNumber
 * POST   /events              → catalog.create; 201 with the event
 * PUT    /events?id=N         → catalog.update, the fields sent merged into the event
 * DELETE /events?id=N         → catalog.delete
 * GET    /sort_by/{creation_time|popularity|date} → newest / most popular / soonest first
 * </pre>
 * Events are {@code {id, title, location, date, popularity}}: {@code date} is the start, written as an HTTP date
 * like the README's example and read as a date (midnight in {@code eventflow.compat.time-zone}), a date-time or an
 * HTTP date; the end is {@code eventflow.compat.default-duration} later. {@code popularity} is EventFlow's own, counted
 * from bookings: a value a client writes is ignored (a client setting its own popularity would make sorting by it
 * meaningless).
 */
@Hidden
@RestController
@CompatEnabled
@RequestMapping(CompatPaths.PREFIX)
class EventManagerApi {

    private static final Set<String> FIELDS = Set.of("id", "title", "location", "date", "popularity");
    private static final Map<String, EventListing> SORTS = Map.of(
            "creation_time", new EventListing(null, null, "created_at", true),
            "popularity", new EventListing(null, null, "popularity", true),
            "date", new EventListing(null, null, "start_time", false));

    private final EventCatalog catalog;
    private final Writers writers;
    private final EventArrays arrays;
    private final CompatProperties properties;

    EventManagerApi(EventCatalog catalog, Writers writers, EventArrays arrays, CompatProperties properties) {
        this.catalog = catalog;
        this.writers = writers;
        this.arrays = arrays;
        this.properties = properties;
    }

    record Event(long id, String title, @Nullable String location, String date, int popularity) {

        static Event of(EventView view) {
            return new Event(view.number(), view.title(), view.location(), CompatTimes.httpDate(view.startTime()),
                    view.popularity());
        }
    }

    record Message(String message) {
    }

    @GetMapping("/events")
    @Nullable Event get(@RequestParam(required = false) @Nullable String id, HttpServletResponse response)
            throws IOException {
        if (id == null) {
            arrays.write(response, EventListing.all(), Event::of);
            return null;
        }
        return Event.of(catalog.viewByNumber(EventNumbers.parse(id, "id")));
    }

    @PostMapping("/events")
    ResponseEntity<Event> create(@RequestBody JsonNode body, @Nullable CurrentUser user, HttpServletRequest request) {
        EventDraft draft = EventDraft.fresh(properties.timeZone());
        apply(body, draft, true);
        EventView created = catalog.create(writers.publisher(user, request), draft.input());
        return ResponseEntity.created(CompatPaths.link(request, Door.OLD_APIS, "/events?id=" + created.number()))
                .body(Event.of(created));
    }

    @PutMapping("/events")
    Event update(@RequestParam(required = false) @Nullable String id, @RequestBody JsonNode body,
            @Nullable CurrentUser user, HttpServletRequest request) {
        long number = EventNumbers.parse(id, "id");
        CurrentUser editor = writers.editor(user, request);
        EventDraft draft = EventDraft.of(catalog.viewByNumber(number));
        apply(body, draft, false);
        return Event.of(catalog.update(editor, catalog.idByNumber(number), draft.input()));
    }

    @DeleteMapping("/events")
    Message delete(@RequestParam(required = false) @Nullable String id, @Nullable CurrentUser user,
            HttpServletRequest request) {
        long number = EventNumbers.parse(id, "id");
        CurrentUser editor = writers.editor(user, request);
        catalog.delete(editor, catalog.idByNumber(number));
        return new Message("Event " + number + " deleted");
    }

    @GetMapping("/sort_by/{field}")
    void sortBy(@PathVariable String field, HttpServletResponse response) throws IOException {
        EventListing listing = SORTS.get(field);
        if (listing == null) {
            throw InvalidInput.field("sort_by", "must be one of " + SORTS.keySet().stream().sorted().toList());
        }
        arrays.write(response, listing, Event::of);
    }

    /** Merges the fields sent into the draft; {@code id} and {@code popularity} are EventFlow's and ignored. */
    private void apply(JsonNode body, EventDraft draft, boolean creating) {
        if (!body.isObject()) {
            throw InvalidInput.field("body", "must be a JSON object with title, location and date");
        }
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (!FIELDS.contains(field)) {
                throw InvalidInput.field(field, "is not a field of an event; the fields are " + FIELDS);
            }
            switch (field) {
                case "title" -> draft.title = text(value, field, false);
                case "location" -> draft.location = text(value, field, true);
                case "date" -> {
                    String date = text(value, field, false);
                    if (date == null) {
                        throw InvalidInput.field("date", "is required");
                    }
                    Instant start = CompatTimes.parse(date, properties.timeZone(), "date");
                    // a moved event keeps its length; a new one lasts the configured default
                    Duration length = draft.startTime != null && draft.endTime != null
                            ? Duration.between(Instant.parse(draft.startTime), Instant.parse(draft.endTime))
                            : properties.defaultDuration();
                    draft.starts(start).ends(start.plus(length));
                }
                default -> { } // id and popularity: EventFlow assigns and counts them
            }
        }
        if (creating && draft.startTime == null) {
            throw InvalidInput.field("date", "is required");
        }
    }

    private static @Nullable String text(JsonNode value, String field, boolean nullable) {
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isString()) {
            throw InvalidInput.field(field, "must be a string");
        }
        return value.asString();
    }
}
