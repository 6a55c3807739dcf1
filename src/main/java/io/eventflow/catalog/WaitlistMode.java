package io.eventflow.catalog;

import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a freed seat of a full event does: {@code AUTO} confirms the first in line at once; {@code OFFER} holds it for
 * them as an offer they accept or decline within the event's offer time, after which it goes to the next in line.
 */
public enum WaitlistMode {
    AUTO, OFFER;

    /** How long an offer stands when the organizer does not say. */
    public static final Duration DEFAULT_OFFER_TTL = Duration.ofHours(12);
    /** Less than a minute is no time to answer; more than a week holds a seat nobody can use. */
    public static final Duration MIN_OFFER_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_OFFER_TTL = Duration.ofDays(7);

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WaitlistMode fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
