package io.eventflow.booking;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

public enum BookingStatus {
    /**
     * {@code OFFERED}: a seat freed up at an event in offer mode and is held for this booking until it is accepted
     * (then confirmed), declined or left to expire (then cancelled, and the seat offered to the next in line). It holds
     * a seat: the event's seat count includes it.
     */
    CONFIRMED, WAITLISTED, OFFERED, CANCELLED;

    /** Whether the booking holds one of the event's seats (counted in its seats taken). */
    public boolean holdsSeat() {
        return this == CONFIRMED || this == OFFERED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BookingStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
