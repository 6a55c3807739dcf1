package io.eventflow.compat;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

import io.eventflow.platform.domain.InvalidInput;

/** The old APIs' integer ids, as a query parameter or a JSON number or numeric string ({@code "123"}). */
final class EventNumbers {

    private EventNumbers() {
    }

    static long parse(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw InvalidInput.field(field, "is required: an integer id");
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw InvalidInput.field(field, "must be a positive integer, not '" + abbreviate(value) + "'");
    }

    static long parse(JsonNode value, String field) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return positive(value.asLong(), field);
        }
        if (value.isString()) {
            return parse(value.asString(), field);
        }
        throw InvalidInput.field(field, value.isMissingNode() || value.isNull() ? "is required: an integer id"
                : "must be an integer or a numeric string");
    }

    private static long positive(long number, String field) {
        if (number <= 0) {
            throw InvalidInput.field(field, "must be a positive integer");
        }
        return number;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
