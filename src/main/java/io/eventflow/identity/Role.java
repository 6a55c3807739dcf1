package io.eventflow.identity;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a user may do. Written lower-case on the wire and in the database. */
public enum Role {
    ATTENDEE, ORGANIZER, ADMIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(@Nullable String value) {
        for (Role role : values()) {
            if (role.wireName().equalsIgnoreCase(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + value + "'; expected attendee, organizer or admin");
    }

    /** The Spring Security authority, e.g. {@code ROLE_ORGANIZER}, for {@code hasRole('ORGANIZER')}. */
    public String authority() {
        return "ROLE_" + name();
    }

    @Override
    public String toString() {
        return wireName();
    }
}
