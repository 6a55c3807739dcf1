package io.eventflow.compat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
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
 * Seed 000, the Flask events service with socket notifications, on port 8000:
 * <pre>
 * POST /create {"events": [...]}      → catalog.createBatch (all or nothing), 200 {"events": [...]}
 * GET  /events/get?id=N               → catalog.viewByNumber
 * GET  /events/get_all?wherekey=&amp;whereValue=&amp;orderBy= → catalog.forEach, streamed
 * POST /events/delete {"id": N}       → catalog.delete
 * PUT  /events/update {"id": N, "values": {...}} → catalog.update, the values merged into the event
 * </pre>
 * Its socket events are EventFlow's {@code /ws/events} frames (the README names none); its page at {@code /} shows them.
 * Events are {@code {id, title, description, start_time, end_time, location}} with {@code id} the event's number.
 */
@Hidden
@RestController
@CompatEnabled
@RequestMapping(CompatPaths.PREFIX)
class EventsSocketApi {

    /** The README's fields, by their names here and in EventFlow's listing. */
    private static final Map<String, String> FIELDS = Map.of("id", "number", "title", "title", "description",
            "description", "start_time", "start_time", "end_time", "end_time", "location", "location");
    private static final Set<String> CHANGEABLE = Set.of("title", "description", "start_time", "end_time", "location");

    private final EventCatalog catalog;
    private final Writers writers;
    private final EventArrays arrays;
    private final CompatProperties properties;

    EventsSocketApi(EventCatalog catalog, Writers writers, EventArrays arrays, CompatProperties properties) {
        this.catalog = catalog;
        this.writers = writers;
        this.arrays = arrays;
        this.properties = properties;
    }

    record Event(long id, String title, String description, Instant startTime, Instant endTime,
            @Nullable String location) {

        static Event of(EventView view) {
            return new Event(view.number(), view.title(), view.description(), view.startTime(), view.endTime(),
                    view.location());
        }
    }

    record NewEvent(@Nullable String title, @Nullable String description, @Nullable String startTime,
            @Nullable String endTime, @Nullable String location) {
    }

    record NewEvents(@Nullable List<@Nullable NewEvent> events) {
    }

    record Created(List<Event> events) {
    }

    record Message(String message) {
    }

    record Updated(String message, Event event) {
    }

    @PostMapping("/create")
    Created create(@RequestBody NewEvents body, @Nullable CurrentUser user, HttpServletRequest request) {
        if (body.events() == null || body.events().isEmpty()) {
            throw InvalidInput.field("events", "must be a non-empty list of events");
        }
        List<io.eventflow.catalog.EventInput> inputs = new ArrayList<>();
        for (int i = 0; i < body.events().size(); i++) {
            NewEvent event = body.events().get(i);
            if (event == null) {
                throw InvalidInput.field("events[" + i + "]", "must be an event object");
            }
            EventDraft draft = EventDraft.fresh(properties.timeZone());
            draft.title = event.title();
            draft.description = event.description();
            draft.location = event.location();
            if (event.startTime() != null) {
                draft.starts(CompatTimes.parse(event.startTime(), properties.timeZone(), "events[" + i + "].start_time"));
            }
            if (event.endTime() != null) {
                draft.ends(CompatTimes.parse(event.endTime(), properties.timeZone(), "events[" + i + "].end_time"));
            }
            inputs.add(draft.input());
        }
        CurrentUser publisher = writers.publisher(user, request);
        return new Created(catalog.createBatch(publisher, inputs).stream().map(Event::of).toList());
    }

    @GetMapping("/events/get")
    Event get(@RequestParam(required = false) @Nullable String id) {
        return Event.of(catalog.viewByNumber(EventNumbers.parse(id, "id")));
    }

    @GetMapping("/events/get_all")
    void getAll(@RequestParam(required = false) @Nullable String wherekey,
            @RequestParam(required = false) @Nullable String whereValue,
            @RequestParam(required = false) @Nullable String orderBy, HttpServletResponse response) throws IOException {
        if ((wherekey == null) != (whereValue == null)) {
            throw InvalidInput.field(wherekey == null ? "wherekey" : "whereValue", "is needed with "
                    + (wherekey == null ? "whereValue" : "wherekey"));
        }
        String whereField = wherekey == null ? null : field(wherekey, "wherekey");
        String value = whereValue;
        if (value != null && ("start_time".equals(whereField) || "end_time".equals(whereField))) {
            value = CompatTimes.parse(value, properties.timeZone(), "whereValue").toString();
        }
        if (value != null && "number".equals(whereField)) {
            value = Long.toString(EventNumbers.parse(value, "whereValue"));
        }
        String order = orderBy == null || orderBy.isBlank() ? "number" : field(orderBy, "orderBy");
        arrays.write(response, new EventListing(whereField, value, order, false), Event::of);
    }

    @PostMapping("/events/delete")
    Message delete(@RequestBody JsonNode body, @Nullable CurrentUser user, HttpServletRequest request) {
        long number = EventNumbers.parse(body.path("id"), "id");
        CurrentUser editor = writers.editor(user, request);
        catalog.delete(editor, catalog.idByNumber(number));
        return new Message("Event " + number + " deleted");
    }

    @PutMapping("/events/update")
    Updated update(@RequestBody JsonNode body, @Nullable CurrentUser user, HttpServletRequest request) {
        long number = EventNumbers.parse(body.path("id"), "id");
        JsonNode values = body.path("values");
        if (!values.isObject() || values.isEmpty()) {
            throw InvalidInput.field("values", "must be an object with the fields to change: " + CHANGEABLE);
        }
        CurrentUser editor = writers.editor(user, request);
        EventDraft draft = EventDraft.of(catalog.viewByNumber(number));
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (!CHANGEABLE.contains(field)) {
                throw InvalidInput.field("values." + field, "cannot be changed; the fields are " + CHANGEABLE);
            }
            if (!value.isString() && !(value.isNull() && field.equals("location"))) {
                throw InvalidInput.field("values." + field, "must be a string");
            }
            String text = value.isNull() ? null : value.asString();
            switch (field) {
                case "title" -> draft.title = text;
                case "description" -> draft.description = text;
                case "location" -> draft.location = text;
                case "start_time" -> draft.starts(CompatTimes.parse(value.asString(), properties.timeZone(), "values.start_time"));
                case "end_time" -> draft.ends(CompatTimes.parse(value.asString(), properties.timeZone(), "values.end_time"));
                default -> throw new IllegalStateException(field);
            }
        }
        EventView updated = catalog.update(editor, catalog.idByNumber(number), draft.input());
        return new Updated("Event " + number + " updated", Event.of(updated));
    }

    private static String field(String name, String parameter) {
        String field = FIELDS.get(name.trim());
        if (field == null) {
            throw InvalidInput.field(parameter, "must be one of " + FIELDS.keySet().stream().sorted().toList());
        }
        return field;
    }
}
