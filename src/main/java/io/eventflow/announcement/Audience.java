package io.eventflow.announcement;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who an announcement goes to. */
public enum Audience {
    /** The holders of a confirmed seat. */
    CONFIRMED,
    /** The holders of a confirmed seat and everyone on the waiting list. */
    CONFIRMED_AND_WAITLISTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includesWaitlisted() {
        return this == CONFIRMED_AND_WAITLISTED;
    }

    /** @throws IllegalArgumentException for a value that names no audience */
    static Audience fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown audience '" + value + "'"));
    }
}
