package io.eventflow.catalog;

import java.util.List;

import jakarta.validation.Validator;

import org.springframework.stereotype.Component;


import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.eventflow.platform.domain.InvalidInput;

/**
 * JSON merge patch (RFC 7396) for events: the patch is laid over the event as it is, and the result
 * must pass exactly the checks a full replacement passes. Absent fields stay; null clears.
 */
@Component
class EventPatches {

    private final JsonMapper json;
    private final Validator validator;

    EventPatches(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    EventInput merge(Event event, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidInput("A patch must be a JSON object of the fields to change", List.of());
        }
        ObjectNode changes = ((ObjectNode) patch).deepCopy();
        rename(changes, "name", "title");
        rename(changes, "starting_time", "start_time");
        if (changes.has("waitlist_mode") && changes.get("waitlist_mode").isNull()) {
            changes.put("waitlist_mode", "auto"); // cleared: back to the default
        }
        if (changes.has("status") && changes.get("status").isNull()) {
            throw InvalidInput.field("status", "cannot be cleared; use scheduled or cancelled");
        }
        if (changes.has("price") && changes.get("price").isNull() && !changes.has("currency")) {
            changes.putNull("currency"); // a free event has no currency
        }
        ObjectNode merged = json.valueToTree(current(event));
        if (!changes.has("version")) {
            // the merge is based on this version: a concurrent change in between is a conflict, not overwritten
            merged.put("version", event.version());
        }
        merged.setAll(changes);
        EventInput input;
        try {
            input = json.treeToValue(merged, EventInput.class);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().getLast().getPropertyName();
            throw InvalidInput.field(field == null ? "body" : field, "has a value of the wrong type");
        }
        InvalidInput invalid = InvalidInput.of(validator.validate(input), "");
        if (invalid != null) {
            throw invalid;
        }
        return input;
    }

    private static EventInput current(Event event) {
        EventSnapshot s = event.snapshot();
        return new EventInput(s.title(), s.description(), s.category(), s.startTime().toString(), s.endTime().toString(),
                s.timezone(), s.location(), s.latitude(), s.longitude(), s.geofenceRadiusM(), s.capacity(), s.price(),
                s.currency(), s.status().wireName(), null, event.waitlistMode().wireName(), event.offerTtlText());
    }

    private static void rename(ObjectNode node, String alias, String name) {
        if (node.has(alias)) {
            node.set(name, node.remove(alias));
        }
    }
}
