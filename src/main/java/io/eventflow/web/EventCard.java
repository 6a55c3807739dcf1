package io.eventflow.web;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventView;

/** An event as a page shows it: times in the event's own zone, prices and seats as words. */
record EventCard(UUID id, String title, String description, @Nullable String category, String when,
        String startIso, String timezone, @Nullable String location, @Nullable Double latitude, @Nullable Double longitude,
        String price, String seats, boolean cancelled, String organizerName, boolean mayChange, @Nullable Double distanceKm,
        long version) {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    static EventCard of(EventView e, String organizerName, boolean mayChange) {
        ZoneId zone = ZoneId.of(e.timezone());
        ZonedDateTime start = e.startTime().atZone(zone);
        ZonedDateTime end = e.endTime().atZone(zone);
        String when = DAY_TIME.format(start) + " – "
                + (start.toLocalDate().equals(end.toLocalDate()) ? TIME.format(end) : DAY_TIME.format(end));
        return new EventCard(e.id(), e.title(), e.description(), e.category(), when, e.startTime().toString(),
                e.timezone(), e.location(), e.latitude(), e.longitude(), price(e.price(), e.currency()), seats(e),
                e.status().wireName().equals("cancelled"), organizerName, mayChange, e.distanceKm(), e.version());
    }

    private static String price(@Nullable BigDecimal price, @Nullable String currency) {
        if (price == null || price.signum() == 0) {
            return "Free";
        }
        return price.toPlainString() + " " + currency;
    }

    private static String seats(EventView e) {
        Integer capacity = e.capacity();
        Integer left = e.seatsLeft();
        if (capacity == null || left == null) { // seats are left over only where there is a capacity
            return "Unlimited seats";
        }
        return left == 0 ? "Sold out" : left + " of " + capacity + " seats left";
    }
}
