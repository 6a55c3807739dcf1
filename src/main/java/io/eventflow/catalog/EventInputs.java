package io.eventflow.catalog;

import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.RuleViolated;

/**
 * Turns what a client sent into {@link EventData}: parses times in the event's zone, normalises text,
 * and checks the rules that span fields (end after start, coordinates in pairs, not in the past).
 * Field names in errors are those of the API, prefixed (e.g. {@code events[3].}) inside a batch.
 */
final class EventInputs {

    static final int DEFAULT_GEOFENCE_M = 200;

    private EventInputs() {
    }

    /** A new event: without a {@code status} it is scheduled. */
    static EventData parse(EventInput in, String prefix, Instant now) {
        return parse(in, prefix, now, EventStatus.SCHEDULED);
    }

    /**
     * {@code statusIfOmitted}: the status when the input does not name one; for a replacement, the event's own, so a
     * PUT that leaves the field out never changes where the event stands (a cancelled event would come back to life).
     */
    static EventData parse(EventInput in, String prefix, Instant now, EventStatus statusIfOmitted) {
        List<FieldProblem> malformed = new ArrayList<>();
        ZoneId zone = ZoneId.of("UTC");
        if (in.timezone() != null && !in.timezone().isBlank()) {
            try {
                zone = ZoneId.of(in.timezone().trim());
            } catch (DateTimeException e) {
                malformed.add(new FieldProblem(prefix + "timezone", "must be an IANA time zone such as Europe/Berlin"));
            }
        }
        Instant parsedStart = time(in.startTime(), zone, prefix + "start_time", malformed);
        Instant parsedEnd = time(in.endTime(), zone, prefix + "end_time", malformed);
        String currency = null;
        if (in.currency() != null) {
            try {
                currency = Currency.getInstance(in.currency().toUpperCase(Locale.ROOT)).getCurrencyCode();
            } catch (IllegalArgumentException e) {
                malformed.add(new FieldProblem(prefix + "currency", "is not an ISO 4217 currency"));
            }
        }
        Duration offerTtl = null;
        if (in.offerTtl() != null && !in.offerTtl().isBlank()) {
            try {
                offerTtl = Duration.parse(in.offerTtl().trim());
                if (offerTtl.compareTo(WaitlistMode.MIN_OFFER_TTL) < 0 || offerTtl.compareTo(WaitlistMode.MAX_OFFER_TTL) > 0) {
                    malformed.add(new FieldProblem(prefix + "offer_ttl", "must be between PT1M and P7D"));
                }
            } catch (DateTimeParseException e) {
                malformed.add(new FieldProblem(prefix + "offer_ttl", "must be an ISO-8601 duration such as PT12H"));
            }
        }
        if (!malformed.isEmpty()) {
            throw new InvalidInput("Invalid fields: " + fields(malformed), malformed);
        }
        // time() returns null only after recording a problem, and any problem was thrown just above
        Instant start = Objects.requireNonNull(parsedStart, "start_time parsed");
        Instant end = Objects.requireNonNull(parsedEnd, "end_time parsed");

        List<FieldProblem> invalid = new ArrayList<>();
        if (!end.isAfter(start)) {
            invalid.add(new FieldProblem(prefix + "end_time", "must be after start_time"));
        }
        if (start.isBefore(now)) {
            invalid.add(new FieldProblem(prefix + "start_time", "must not be in the past"));
        }
        if ((in.latitude() == null) != (in.longitude() == null)) {
            invalid.add(new FieldProblem(prefix + (in.latitude() == null ? "latitude" : "longitude"),
                    "latitude and longitude go together"));
        }
        if (!invalid.isEmpty()) {
            throw new RuleViolated("The event is not consistent: " + fields(invalid), invalid);
        }
        return new EventData(
                in.title().strip(),
                in.description() == null ? "" : in.description().strip(),
                in.category() == null || in.category().isBlank() ? null : in.category().toLowerCase(Locale.ROOT),
                start, end, zone.getId(),
                in.location() == null || in.location().isBlank() ? null : in.location().strip(),
                in.latitude(), in.longitude(),
                in.geofenceRadiusM() == null ? DEFAULT_GEOFENCE_M : in.geofenceRadiusM(),
                in.capacity(),
                in.price() == null ? null : in.price().setScale(2, RoundingMode.UNNECESSARY),
                currency != null ? currency : in.price() != null ? "USD" : null,
                in.status() == null ? statusIfOmitted : EventStatus.fromWire(in.status()),
                in.waitlistMode() == null || in.waitlistMode().isBlank() ? WaitlistMode.AUTO : WaitlistMode.fromWire(in.waitlistMode()),
                offerTtl);
    }

    /** Years the database and every client can represent; anything else is a typo. */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private static @Nullable Instant time(String value, ZoneId zone, String field, List<FieldProblem> problems) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                instant = LocalDateTime.parse(value.trim()).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                problems.add(new FieldProblem(field, "must be an ISO-8601 date-time such as 2026-12-01T10:00:00Z"));
                return null;
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            problems.add(new FieldProblem(field, "must be between the years 1900 and 9999"));
            return null;
        }
        return instant;
    }

    private static String fields(List<FieldProblem> problems) {
        return String.join(", ", problems.stream().map(FieldProblem::field).toList());
    }
}
