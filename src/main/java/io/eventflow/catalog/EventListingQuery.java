package io.eventflow.catalog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.domain.InvalidInput;

/**
 * An {@link EventListing} checked against the allow-list, with its value parsed to what the column holds. Parsed
 * before any statement runs, so a refusal reaches a caller streaming into a response before it wrote anything; and
 * only {@link Field}'s columns ever reach SQL, never the client's text.
 *
 * @param where the field to match, null for every event
 * @param value its parsed value (String, Long, Instant or UUID), null with {@code where}
 */
record EventListingQuery(@Nullable Field where, @Nullable Object value, Field orderBy, boolean descending) {

    enum Kind {
        /** Equal ignoring case. */
        TEXT,
        /** Stored lower-cased (categories, statuses): compared as stored, so the column's index serves. */
        LOWER_CASE,
        WHOLE_NUMBER,
        TIME,
        ID
    }

    /** The fields a listing may name: the API's name, the column (events.*), and how a value is read. */
    enum Field {
        NUMBER("number", Kind.WHOLE_NUMBER),
        TITLE("title", Kind.TEXT),
        DESCRIPTION("description", Kind.TEXT),
        LOCATION("location", Kind.TEXT),
        CATEGORY("category", Kind.LOWER_CASE),
        STATUS("status", Kind.LOWER_CASE),
        START_TIME("start_time", Kind.TIME),
        END_TIME("end_time", Kind.TIME),
        CREATED_AT("created_at", Kind.TIME),
        UPDATED_AT("updated_at", Kind.TIME),
        POPULARITY("popularity", Kind.WHOLE_NUMBER),
        ORGANIZER_ID("organizer_id", Kind.ID);

        final String apiName;
        final String column;
        final Kind kind;

        Field(String apiName, Kind kind) {
            this.apiName = apiName;
            this.column = apiName; // the API names are the column names; kept apart so either may change
            this.kind = kind;
        }
    }

    static final List<String> FIELDS = Arrays.stream(Field.values()).map(f -> f.apiName).toList();

    static EventListingQuery parse(EventListing listing) {
        String whereField = listing.whereField();
        String whereValue = listing.whereValue();
        Field where = null;
        Object value = null;
        if (whereField != null || whereValue != null) {
            if (whereField == null || whereValue == null) {
                throw InvalidInput.field("where", "needs both a field and a value");
            }
            where = field(whereField, "where");
            value = value(where, whereValue);
        }
        return new EventListingQuery(where, value, field(listing.orderBy(), "order_by"), listing.descending());
    }

    private static Field field(String name, String parameter) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Field field : Field.values()) {
            if (field.apiName.equals(wanted)) {
                return field;
            }
        }
        throw InvalidInput.field(parameter, "must be one of " + FIELDS);
    }

    private static Object value(Field field, String value) {
        return switch (field.kind) {
            case TEXT -> value;
            case LOWER_CASE -> field == Field.STATUS ? status(value) : value.toLowerCase(Locale.ROOT);
            case WHOLE_NUMBER -> wholeNumber(field, value);
            case TIME -> time(field, value);
            case ID -> id(field, value);
        };
    }

    private static String status(String value) {
        try {
            return EventStatus.fromWire(value.trim()).wireName();
        } catch (IllegalArgumentException e) {
            throw InvalidInput.field(Field.STATUS.apiName, "must be scheduled or cancelled");
        }
    }

    private static Long wholeNumber(Field field, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidInput.field(field.apiName, "must be a whole number");
        }
    }

    private static Instant time(Field field, String value) {
        String text = value.trim();
        Instant instant;
        try {
            // an unencoded '+' of the offset arrives as ' ' in a query string
            instant = OffsetDateTime.parse(text.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw InvalidInput.field(field.apiName, "must be an ISO-8601 date-time, e.g. 2023-12-01T10:00:00Z, "
                        + "or without offset (read as UTC), e.g. 2023-12-01T10:00:00");
            }
        }
        if (instant.isBefore(EventInputs.EARLIEST) || instant.isAfter(EventInputs.LATEST)) {
            throw InvalidInput.field(field.apiName, "must be between the years 1900 and 9999");
        }
        return instant;
    }

    private static UUID id(Field field, String value) {
        String text = value.trim();
        try {
            // UUID.fromString also takes shortened groups ("1-2-3-4-5"); an id is always written out in full
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw InvalidInput.field(field.apiName, "must be a UUID");
    }
}
