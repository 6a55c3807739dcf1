package io.eventflow.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.paging.Paging;

/**
 * A parsed, checked search over the catalog. Everything a client can name (sort keys, {@code where}
 * fields) is matched against allow-lists here, so nothing of the request ever reaches SQL as text.
 */
record EventQuery(List<String> terms, @Nullable String locationContains, @Nullable String category,
        @Nullable UUID organizerId, @Nullable Instant from, @Nullable Instant to, @Nullable Near near,
        Map<String, String> where, List<SortKey> sort, Paging paging, @Nullable BigDecimal maxPrice, boolean free) {

    static final List<String> SORT_FIELDS = List.of("start_time", "created_at", "popularity", "title", "price", "distance");
    static final List<String> WHERE_FIELDS = List.of("category", "location", "organizer_id", "status", "currency", "timezone");
    static final int MAX_TERMS = 8;
    static final double MAX_RADIUS_KM = 1000;
    /** The highest price an event can have ({@link EventInput#price()}). */
    static final BigDecimal MAX_PRICE = new BigDecimal(1_000_000);

    /**
     * Whether this is a browse rather than a search: nothing narrows the catalog but a start-time range and the status,
     * and one key other than distance orders it. Every such key has an index ending in the id (V2), so the page is read
     * in order and stops after its rows, however large the catalog; a search's matches are few, and read in full.
     */
    boolean browses() {
        return terms.isEmpty() && locationContains == null && category == null && organizerId == null && near == null
                && maxPrice == null && !free && where.keySet().stream().allMatch("status"::equals) && sort.size() == 1
                && !sort.getFirst().field().equals("distance");
    }

    record Near(double latitude, double longitude, double radiusKm) {
    }

    record SortKey(String field, boolean descending) {
    }

    static EventQuery parse(@Nullable String q, @Nullable String location, @Nullable String category,
            @Nullable String organizerId, @Nullable String from, @Nullable String to, @Nullable String near,
            @Nullable Double radiusKm, @Nullable List<String> where, @Nullable String sort, @Nullable Integer page,
            @Nullable Integer size, @Nullable String maxPrice, @Nullable Boolean free) {
        List<String> terms = new ArrayList<>();
        if (q != null) {
            for (String term : q.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
                if (!term.isEmpty() && terms.size() < MAX_TERMS) {
                    terms.add(term.length() > 100 ? term.substring(0, 100) : term);
                }
            }
        }
        Near nearPoint = near == null || near.isBlank() ? null : parseNear(near, radiusKm);
        if (nearPoint == null && radiusKm != null) {
            throw InvalidInput.field("radius_km", "needs near=latitude,longitude");
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        for (String condition : where == null ? List.<String>of() : where) {
            int colon = condition.indexOf(':');
            String field = colon < 0 ? condition : condition.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (colon < 0 || !WHERE_FIELDS.contains(field)) {
                throw InvalidInput.field("where", "must be field:value with field one of " + WHERE_FIELDS);
            }
            String value = condition.substring(colon + 1).trim();
            if (field.equals("organizer_id")) {
                uuid(value, "where");
            }
            if (conditions.put(field, value) != null) {
                throw InvalidInput.field("where", "names " + field + " twice");
            }
        }
        return new EventQuery(List.copyOf(terms), blankToNull(location), blankToNull(category),
                organizerId == null || organizerId.isBlank() ? null : uuid(organizerId, "organizer_id"),
                instant(from, "from"), instant(to, "to"), nearPoint, conditions, parseSort(sort, nearPoint != null),
                Paging.of(page, size), price(maxPrice, "max_price"), Boolean.TRUE.equals(free));
    }

    /**
     * A price bound: a number, 0 or more. Prices have at most two decimals and a maximum, so the bound is cut to
     * those without changing what it matches — and the database never sees a number its column type cannot hold.
     */
    private static @Nullable BigDecimal price(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        BigDecimal price;
        try {
            if (value.length() > 40) {
                throw new NumberFormatException();
            }
            price = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidInput.field(field, "must be a number, e.g. 25 or 19.99");
        }
        if (price.signum() < 0) {
            throw InvalidInput.field(field, "must be 0 or more");
        }
        return price.min(MAX_PRICE).setScale(2, RoundingMode.FLOOR);
    }

    private static List<SortKey> parseSort(@Nullable String sort, boolean near) {
        List<SortKey> keys = new ArrayList<>();
        if (sort != null && !sort.isBlank()) {
            for (String raw : sort.split(",")) {
                String key = raw.trim();
                boolean descending = key.startsWith("-");
                String field = (descending || key.startsWith("+") ? key.substring(1) : key).toLowerCase(Locale.ROOT);
                if (!SORT_FIELDS.contains(field)) {
                    throw InvalidInput.field("sort", "unknown field '" + field + "'; sort by one of " + SORT_FIELDS
                            + " (prefix - for descending)");
                }
                if (field.equals("distance") && !near) {
                    throw InvalidInput.field("sort", "distance needs near=latitude,longitude");
                }
                keys.add(new SortKey(field, descending));
            }
        }
        if (keys.isEmpty()) {
            keys.add(new SortKey(near ? "distance" : "start_time", false));
        }
        return List.copyOf(keys);
    }

    private static Near parseNear(String near, @Nullable Double radiusKm) {
        String[] parts = near.split(",");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            double lat = Double.parseDouble(parts[0].trim());
            double lon = Double.parseDouble(parts[1].trim());
            if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || Double.isNaN(lat) || Double.isNaN(lon)) {
                throw new NumberFormatException();
            }
            double radius = radiusKm == null ? 10 : radiusKm;
            if (!(radius > 0 && radius <= MAX_RADIUS_KM)) {
                throw InvalidInput.field("radius_km", "must be more than 0 and at most " + (int) MAX_RADIUS_KM);
            }
            return new Near(lat, lon, radius);
        } catch (NumberFormatException e) {
            throw InvalidInput.field("near", "must be latitude,longitude within -90..90,-180..180");
        }
    }

    private static @Nullable Instant instant(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant(); // an unencoded '+' arrives as ' '
        } catch (DateTimeParseException e) {
            throw InvalidInput.field(field, "must be an ISO-8601 date-time with offset, e.g. 2026-12-01T00:00:00Z");
        }
        if (instant.isBefore(EventInputs.EARLIEST) || instant.isAfter(EventInputs.LATEST)) {
            throw InvalidInput.field(field, "must be between the years 1900 and 9999");
        }
        return instant;
    }

    private static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw InvalidInput.field(field, "must be a UUID");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
