package io.eventflow.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventView;

/**
 * Where a typed place is, for a "near" search, without a geocoding service (the UI must work offline and ask no third
 * party about its users): "latitude,longitude" as written, else the place of the catalog's own events whose location
 * contains the words — the median of their coordinates, so that one mislocated event does not move the point.
 */
@Component
class Places {

    /** How many matching events decide a place: enough for a median, few enough for one quick read. */
    static final int SAMPLE = 50;
    private static final Pattern COORDINATES = Pattern.compile(
            "\\s*(-?\\d{1,2}(?:\\.\\d+)?)\\s*,\\s*(-?\\d{1,3}(?:\\.\\d+)?)\\s*");

    private final EventCatalog catalog;

    Places(EventCatalog catalog) {
        this.catalog = catalog;
    }

    /** The point as the search's {@code near} ("latitude,longitude"), or empty when nothing known matches. */
    Optional<String> near(String typed) {
        Matcher written = COORDINATES.matcher(typed);
        if (written.matches()) {
            double latitude = Double.parseDouble(written.group(1));
            double longitude = Double.parseDouble(written.group(2));
            return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 ? Optional.of(point(latitude, longitude))
                    : Optional.empty();
        }
        List<EventView> located = catalog.search(new EventSearchRequest(null, typed.trim(), null, null, null, null,
                        null, null, null, "-popularity", 0, SAMPLE)).items().stream()
                .filter(e -> e.latitude() != null && e.longitude() != null).toList();
        if (located.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(point(median(located.stream().map(EventView::latitude).toList()),
                median(located.stream().map(EventView::longitude).toList())));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String point(double latitude, double longitude) {
        return String.format(Locale.ROOT, "%.5f,%.5f", latitude, longitude);
    }
}
