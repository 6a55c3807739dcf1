package io.eventflow.platform.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An iCalendar (RFC 5545) document with one event. The UID is the event's id, so calendars update the entry they
 * already have; SEQUENCE is the event's version, which grows with every change, so the newest copy wins.
 */
public final class ICalendar {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What a calendar needs to know of an event. */
    public record Entry(UUID eventId, long version, String title, String description, Instant start, Instant end,
            @Nullable String location, @Nullable Double latitude, @Nullable Double longitude, String url,
            boolean cancelled) {
    }

    private ICalendar() {
    }

    /** {@code PUBLISH} for a download, {@code REQUEST}/{@code CANCEL} for mail, as calendar clients expect. */
    public static String of(Entry entry, Instant stamp, boolean forMail) {
        String method = !forMail ? "PUBLISH" : entry.cancelled() ? "CANCEL" : "REQUEST";
        return calendar(java.util.List.of(entry), stamp, method, null);
    }

    /** A subscribed feed: every entry, cancelled ones marked so, under a name the calendar shows. */
    public static String feed(java.util.List<Entry> entries, Instant stamp, String name) {
        return calendar(entries, stamp, "PUBLISH", name);
    }

    private static String calendar(java.util.List<Entry> entries, Instant stamp, String method, @Nullable String name) {
        StringBuilder ics = new StringBuilder();
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "VERSION:2.0");
        line(ics, "PRODID:-//EventFlow//EventFlow//EN");
        line(ics, "CALSCALE:GREGORIAN");
        line(ics, "METHOD:" + method);
        if (name != null) {
            line(ics, "X-WR-CALNAME:" + text(name));
            line(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        }
        for (Entry entry : entries) {
            event(ics, entry, stamp);
        }
        line(ics, "END:VCALENDAR");
        return ics.toString();
    }

    private static void event(StringBuilder ics, Entry entry, Instant stamp) {
        line(ics, "BEGIN:VEVENT");
        line(ics, "UID:" + entry.eventId() + "@eventflow");
        line(ics, "SEQUENCE:" + entry.version());
        line(ics, "DTSTAMP:" + UTC.format(stamp));
        line(ics, "DTSTART:" + UTC.format(entry.start()));
        line(ics, "DTEND:" + UTC.format(entry.end()));
        line(ics, "SUMMARY:" + text(entry.title()));
        if (entry.description() != null && !entry.description().isBlank()) {
            line(ics, "DESCRIPTION:" + text(entry.description()));
        }
        if (entry.location() != null) {
            line(ics, "LOCATION:" + text(entry.location()));
        }
        if (entry.latitude() != null && entry.longitude() != null) {
            line(ics, "GEO:" + entry.latitude() + ";" + entry.longitude());
        }
        if (entry.url() != null) {
            line(ics, "URL:" + entry.url());
        }
        line(ics, "STATUS:" + (entry.cancelled() ? "CANCELLED" : "CONFIRMED"));
        line(ics, "END:VEVENT");
    }

    /** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). */
    static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
                .replace("\n", "\\n").replace("\r", "\\n");
    }

    /** Content lines end in CRLF and are folded at 75 octets, never inside a UTF-8 sequence (RFC 5545 3.1). */
    private static void line(StringBuilder ics, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int limit = 75;
        while (bytes.length - start > limit) {
            int end = start + limit;
            while ((bytes[end] & 0xC0) == 0x80) { // a continuation byte: back up to the character's start
                end--;
            }
            ics.append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).append("\r\n ");
            start = end;
            limit = 74; // the leading space counts
        }
        ics.append(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8)).append("\r\n");
    }
}
