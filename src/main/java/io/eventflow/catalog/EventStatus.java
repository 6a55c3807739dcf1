package io.eventflow.catalog;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum EventStatus {
    SCHEDULED, CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventStatus fromWire(String value) {
        for (EventStatus status : values()) {
            if (status.wireName().equalsIgnoreCase(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown status '" + value + "'; expected scheduled or cancelled");
    }
}
