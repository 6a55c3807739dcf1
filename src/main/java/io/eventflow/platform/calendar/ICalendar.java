package io.eventflow.platform.calendar;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.DateList;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.ExDate;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.RecurrenceId;
import net.fortuna.ical4j.model.property.Summary;
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

    /**
     * A recurring event: one VEVENT with the rule ({@code RRULE}, {@code EXDATE}) in its zone, and one VEVENT per
     * occurrence that differs from the rule's (moved, retitled, cancelled), tied to it by {@code RECURRENCE-ID}.
     * Times carry the zone's TZID and VTIMEZONE, so a calendar repeats the wall-clock time across DST changes.
     */
    public record Series(UUID seriesId, long version, String title, String description, ZonedDateTime firstStart,
            Duration duration, String rrule, List<ZonedDateTime> exdates, @Nullable String location,
            @Nullable Double latitude, @Nullable Double longitude, String url, List<Occurrence> overrides) {
    }

    /** An occurrence as it differs from the rule: {@code recurrenceId} is the start the rule gave it. */
    public record Occurrence(ZonedDateTime recurrenceId, Entry entry) {
    }

    private static final TimeZoneRegistry ZONES = TimeZoneRegistryFactory.getInstance().createRegistry();

    private ICalendar() {
    }

    /** The series as a calendar file to download ({@code PUBLISH}). */
    public static String series(Series series, Instant stamp) {
        String zoneId = series.firstStart().getZone().getId();
        // a fixed offset (UTC) needs no VTIMEZONE: its times are written in UTC
        TimeZone zone = series.firstStart().getZone().getRules().isFixedOffset() ? null : ZONES.getTimeZone(zoneId);
        Calendar calendar = new Calendar()
                .withProperty(new ProdId("-//EventFlow//EventFlow//EN"))
                .withProperty(ImmutableVersion.VERSION_2_0)
                .withProperty(ImmutableCalScale.GREGORIAN)
                .withProperty(new Method("PUBLISH"))
                .getFluentTarget();
        if (zone != null) {
            calendar.add(zone.getVTimeZone());
        }
        String uid = "series-" + series.seriesId() + "@eventflow";
        VEvent master = new VEvent(false);
        master.add(new Uid(uid));
        master.add(new Sequence((int) Math.min(series.version(), Integer.MAX_VALUE)));
        master.add(new DtStamp(stamp));
        master.add(new DtStart<>(when(series.firstStart(), zone)));
        master.add(new DtEnd<>(when(series.firstStart().plus(series.duration()), zone)));
        master.add(new Summary(series.title()));
        master.add(new RRule<ZonedDateTime>(series.rrule()));
        if (!series.exdates().isEmpty()) {
            if (zone != null) {
                master.add(new ExDate<>(new ParameterList(List.of(new TzId(zoneId))),
                        new DateList<>(series.exdates().stream().map(d -> d.withZoneSameInstant(series.firstStart().getZone())).toList())));
            } else {
                master.add(new ExDate<>(new DateList<>(series.exdates().stream().map(ZonedDateTime::toInstant).toList())));
            }
        }
        if (!series.description().isBlank()) {
            master.add(new Description(series.description()));
        }
        if (series.location() != null) {
            master.add(new Location(series.location()));
        }
        if (series.latitude() != null && series.longitude() != null) {
            master.add(new Geo(degrees(series.latitude()), degrees(series.longitude())));
        }
        master.add(new Url(URI.create(series.url())));
        master.add(new Status("CONFIRMED"));
        calendar.add(master);
        for (Occurrence override : series.overrides()) {
            Entry entry = override.entry();
            VEvent event = new VEvent(false);
            event.add(new Uid(uid));
            event.add(new RecurrenceId<>(when(override.recurrenceId(), zone)));
            event.add(new Sequence((int) Math.min(entry.version(), Integer.MAX_VALUE)));
            event.add(new DtStamp(stamp));
            event.add(new DtStart<>(when(entry.start().atZone(series.firstStart().getZone()), zone)));
            event.add(new DtEnd<>(when(entry.end().atZone(series.firstStart().getZone()), zone)));
            event.add(new Summary(entry.title()));
            if (entry.description() != null && !entry.description().isBlank()) {
                event.add(new Description(entry.description()));
            }
            if (entry.location() != null) {
                event.add(new Location(entry.location()));
            }
            event.add(new Url(URI.create(entry.url())));
            event.add(new Status(entry.cancelled() ? "CANCELLED" : "CONFIRMED"));
            calendar.add(event);
        }
        return write(calendar);
    }

    /** Zoned (TZID) where the zone is known to the calendar, else UTC: never a floating time. */
    private static Temporal when(ZonedDateTime time, @Nullable TimeZone zone) {
        return zone != null ? time : time.toInstant();
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
