package io.eventflow.platform.calendar;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Geo;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * An iCalendar (RFC 5545) document with one event, or a feed of them, written with ical4j. The UID is the event's
 * id, so calendars update the entry they already have; SEQUENCE is the event's version, which grows with every
 * change, so the newest copy wins.
 */
public final class ICalendar {

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
        return calendar(List.of(entry), stamp, method, null);
    }

    /** A subscribed feed: every entry, cancelled ones marked so, under a name the calendar shows. */
    public static String feed(List<Entry> entries, Instant stamp, String name) {
        return calendar(entries, stamp, "PUBLISH", name);
    }

    private static String calendar(List<Entry> entries, Instant stamp, String method, @Nullable String name) {
        Calendar calendar = new Calendar()
                .withProperty(new ProdId("-//EventFlow//EventFlow//EN"))
                .withProperty(ImmutableVersion.VERSION_2_0)
                .withProperty(ImmutableCalScale.GREGORIAN)
                .withProperty(new Method(method))
                .getFluentTarget();
        if (name != null) {
            calendar.add(new XProperty("X-WR-CALNAME", name));
            calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), Duration.ofHours(1)));
        }
        for (Entry entry : entries) {
            calendar.add(event(entry, stamp));
        }
        return write(calendar);
    }

    private static VEvent event(Entry entry, Instant stamp) {
        VEvent event = new VEvent(entry.start(), entry.end(), entry.title());
        event.add(new Uid(entry.eventId() + "@eventflow"));
        event.add(new Sequence((int) Math.min(entry.version(), Integer.MAX_VALUE)));
        event.add(new DtStamp(stamp));
        if (entry.description() != null && !entry.description().isBlank()) {
            event.add(new Description(entry.description()));
        }
        if (entry.location() != null) {
            event.add(new Location(entry.location()));
        }
        if (entry.latitude() != null && entry.longitude() != null) {
            event.add(new Geo(degrees(entry.latitude()), degrees(entry.longitude())));
        }
        event.add(new Url(URI.create(entry.url())));
        event.add(new Status(entry.cancelled() ? "CANCELLED" : "CONFIRMED"));
        return event;
    }

    /**
     * GEO is a FLOAT pair without exponent: a fixed six decimals (about 10 cm) never print as {@code 5.0E-4}, which
     * a double's own string would near 0.
     */
    private static BigDecimal degrees(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
    }

    /**
     * ical4j escapes the TEXT values; its folding counts characters, so it is turned off and each line is folded here
     * at 75 octets, never inside a UTF-8 sequence (RFC 5545 3.1).
     */
    private static String write(Calendar calendar) {
        StringWriter unfolded = new StringWriter();
        try {
            new CalendarOutputter(false, Integer.MAX_VALUE).output(calendar, unfolded);
        } catch (IOException | ValidationException e) {
            throw new IllegalStateException("Could not write an iCalendar document", e);
        }
        StringBuilder ics = new StringBuilder();
        for (String line : unfolded.toString().split("\r\n")) {
            fold(ics, line);
        }
        return ics.toString();
    }

    private static void fold(StringBuilder ics, String content) {
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
