package io.eventflow.web;

import java.time.ZoneId;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventView;

/**
 * An event as a page shows it: times in the event's own zone, prices and seats as words, in the page's language.
 *
 * @param soldOut whether no seat is left (the booking button then offers the waiting list)
 */
record EventCard(UUID id, String title, String description, @Nullable String category, String when,
        String startIso, String timezone, @Nullable String location, @Nullable Double latitude, @Nullable Double longitude,
        String price, String seats, boolean soldOut, boolean cancelled, String organizerName, boolean mayChange,
        @Nullable Double distanceKm, long version) {

    static EventCard of(EventView e, String organizerName, boolean mayChange, PageTexts texts) {
        ZoneId zone = ZoneId.of(e.timezone());
        boolean sameDay = e.startTime().atZone(zone).toLocalDate().equals(e.endTime().atZone(zone).toLocalDate());
        String when = texts.dayTime(e.startTime(), zone) + " – "
                + (sameDay ? texts.time(e.endTime(), zone) : texts.dayTime(e.endTime(), zone));
        Integer left = e.seatsLeft();
        return new EventCard(e.id(), e.title(), e.description(), e.category(), when, e.startTime().toString(),
                e.timezone(), e.location(), e.latitude(), e.longitude(), texts.price(e.price(), e.currency()),
                seats(e, texts), left != null && left == 0, e.status().wireName().equals("cancelled"), organizerName,
                mayChange, e.distanceKm(), e.version());
    }

    private static String seats(EventView e, PageTexts texts) {
        Integer capacity = e.capacity();
        Integer left = e.seatsLeft();
        if (capacity == null || left == null) { // seats are left over only where there is a capacity
            return texts.text("event.seats.unlimited");
        }
        return left == 0 ? texts.text("event.seats.sold-out") : texts.text("event.seats.left", left, capacity);
    }
}
