package io.eventflow.booking;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

public enum BookingStatus {
    CONFIRMED, WAITLISTED, CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BookingStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
