package io.eventflow.catalog;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import net.fortuna.ical4j.model.Recur;

import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.RuleViolated;

/**
 * An RFC 5545 recurrence rule in the series' zone, with its excluded days, expanded by ical4j's {@link Recur} (never
 * by hand). Starts are {@link ZonedDateTime}s in the zone, so every occurrence keeps the first one's wall-clock time
 * across daylight-saving changes. A series repeats at most daily: the time of day is the first start's, so rule parts
 * that would give several starts a day (BYHOUR, BYMINUTE, BYSECOND, a finer FREQ) are refused; it also means an
 * excluded day excludes the one occurrence on it.
 */
final class Recurrence {

    static final int MAX_LENGTH = 1000;
    static final int MAX_EXDATES = 500;
    /** How far after the first start a rule is searched for its first occurrence before it is called empty. */
    static final int SEARCH_YEARS = 10;
    private static final Set<String> FREQUENCIES = Set.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY");
    private static final Set<String> SUB_DAILY_PARTS = Set.of("BYHOUR", "BYMINUTE", "BYSECOND");
    private static final DateTimeFormatter UTC_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter LOCAL_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final String text;
    private final Recur<ZonedDateTime> recur;
    private final ZoneId zone;
    private final Set<LocalDate> exdates;

    private Recurrence(String text, Recur<ZonedDateTime> recur, ZoneId zone, Set<LocalDate> exdates) {
        this.text = text;
        this.recur = recur;
        this.zone = zone;
        this.exdates = exdates;
    }

    /** A rule as stored: written by {@link #parse}, so trusted. */
    static Recurrence of(String text, ZoneId zone, List<LocalDate> exdates) {
        return new Recurrence(text, new Recur<>(text), zone, new TreeSet<>(exdates));
    }

    /**
     * What a client sent: {@code FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270301} (an {@code RRULE:} prefix is allowed).
     * Malformed → 400 naming ical4j's complaint; well-formed but not a series EventFlow runs → 422. An UNTIL without
     * a time (a day) includes that whole day in the series' zone, one without an offset is read in the zone; both are
     * stored in UTC, as RFC 5545 requires next to a zoned DTSTART.
     */
    static Recurrence parse(String rule, ZoneId zone, List<String> exdates) {
        String text = rule.strip();
        if (text.regionMatches(true, 0, "RRULE:", 0, 6)) {
            text = text.substring(6).strip();
        }
        text = text.toUpperCase(Locale.ROOT);
        if (text.isEmpty() || text.length() > MAX_LENGTH || !text.matches("[A-Z0-9=;,+\\-]+")) {
            throw InvalidInput.field("rrule", "must be an RFC 5545 recurrence rule such as FREQ=WEEKLY;BYDAY=TU,TH;"
                    + "UNTIL=20270301 (letters, digits and = ; , + - only)");
        }
        List<String> parts = new ArrayList<>();
        String frequency = null;
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw malformed("'" + part + "' is not NAME=VALUE");
            }
            String name = part.substring(0, eq);
            String value = part.substring(eq + 1);
            switch (name) {
                case "FREQ" -> frequency = value;
                case "COUNT", "INTERVAL" -> positive(name, value);
                case "UNTIL" -> part = "UNTIL=" + until(value, zone);
                default -> {
                    if (SUB_DAILY_PARTS.contains(name)) {
                        throw refused(name + " is not supported: every occurrence starts at the first one's time of day");
                    }
                }
            }
            parts.add(part);
        }
        if (frequency == null) {
            throw malformed("FREQ is missing");
        }
        if (!FREQUENCIES.contains(frequency)) {
            throw refused("FREQ=" + frequency + " is not supported: a series repeats daily, weekly, monthly or yearly");
        }
        String normalised = String.join(";", parts);
        Recur<ZonedDateTime> recur;
        try {
            recur = new Recur<>(normalised);
        } catch (RuntimeException e) {
            throw malformed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new Recurrence(recur.toString(), recur, zone, exdates(exdates, zone));
    }

    private static void positive(String name, String value) {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw malformed(name + " must be a whole number");
        }
        if (number < 1) {
            throw malformed(name + " must be 1 or more");
        }
    }

    private static String until(String value, ZoneId zone) {
        try {
            if (value.length() == 8) {
                // a whole day, inclusive: up to its last second in the series' zone
                return LocalDate.parse(value, DAY).plusDays(1).atStartOfDay(zone).minusSeconds(1)
                        .withZoneSameInstant(ZoneOffset.UTC).format(UTC_STAMP);
            }
            if (value.endsWith("Z")) {
                return LocalDateTime.parse(value.substring(0, value.length() - 1), LOCAL_STAMP).format(UTC_STAMP);
            }
            return LocalDateTime.parse(value, LOCAL_STAMP).atZone(zone).withZoneSameInstant(ZoneOffset.UTC)
                    .format(UTC_STAMP);
        } catch (DateTimeException e) {
            throw malformed("UNTIL must be a day (20270301) or a date-time (20270301T180000Z)");
        }
    }

    /** Days as 2026-12-24; a date-time counts as its day in the series' zone (one occurrence a day at most). */
    private static Set<LocalDate> exdates(List<String> values, ZoneId zone) {
        if (values.size() > MAX_EXDATES) {
            throw InvalidInput.field("exdates", "at most " + MAX_EXDATES + " dates");
        }
        Set<LocalDate> days = new TreeSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "" : values.get(i).strip();
            try {
                days.add(value.length() <= 10 ? LocalDate.parse(value) : value.contains("+") || value.endsWith("Z")
                        || value.lastIndexOf('-') > 10 ? OffsetDateTime.parse(value).atZoneSameInstant(zone).toLocalDate()
                        : LocalDateTime.parse(value).toLocalDate());
            } catch (DateTimeException e) {
                throw InvalidInput.field("exdates[" + i + "]", "must be a date (2026-12-24) or an ISO-8601 date-time");
            }
        }
        return days;
    }

    private static InvalidInput malformed(String why) {
        return InvalidInput.field("rrule", "is not a valid RFC 5545 recurrence rule: " + why);
    }

    private static RuleViolated refused(String why) {
        return new RuleViolated("The recurrence rule cannot make a series: " + why, List.of(new FieldProblem("rrule", why)));
    }

    /** Starts after {@code after} up to {@code until} inclusive, excluded days left out, at most {@code max}. */
    Expansion starts(ZonedDateTime seed, Instant after, Instant until, int max) {
        if (!until.isAfter(after) || max <= 0) {
            return new Expansion(List.of(), after);
        }
        int limit = max + exdates.size() + 1;
        List<ZonedDateTime> raw = dates(seed, after.atZone(zone), until.atZone(zone), limit);
        boolean wholeWindow = raw.size() < limit;
        List<ZonedDateTime> kept = new ArrayList<>();
        boolean truncated = false;
        Instant lastRead = after;
        for (ZonedDateTime start : raw) {
            Instant at = start.toInstant();
            if (!at.isAfter(after) || at.isAfter(until)) {
                continue;
            }
            if (kept.size() == max) {
                truncated = true;
                break;
            }
            lastRead = at;
            if (!exdates.contains(start.withZoneSameInstant(zone).toLocalDate())) {
                kept.add(start.withZoneSameInstant(zone));
            }
        }
        Instant scanned = wholeWindow && !truncated ? until : lastRead;
        return new Expansion(List.copyOf(kept), scanned);
    }

    /**
     * ical4j expands; some rules it parses only fail when expanded (an INTERVAL that runs past the year 999999999):
     * that is the rule's fault, said as such, never an error of the server.
     */
    private List<ZonedDateTime> dates(ZonedDateTime seed, ZonedDateTime from, ZonedDateTime until, int max) {
        try {
            return recur.getDates(seed, from, until, max);
        } catch (RuntimeException e) {
            throw malformed("cannot be expanded (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ")");
        }
    }

    /** Whether the rule has an end of its own (COUNT or UNTIL), as opposed to going on. */
    boolean ends() {
        for (String part : text.split(";")) {
            if (part.startsWith("COUNT=") || part.startsWith("UNTIL=")) {
                return true;
            }
        }
        return false;
    }

    /** The rule's first start from {@code seed} on, excluded days included (DTSTART of the series). */
    ZonedDateTime firstRuleStart(ZonedDateTime seed) {
        List<ZonedDateTime> first = dates(seed, seed, seed.plusYears(SEARCH_YEARS), 1);
        return first.isEmpty() ? seed : first.getFirst().withZoneSameInstant(zone);
    }

    /** Whether the rule has no start after {@code after} left (ended by COUNT or UNTIL; excluded days aside). */
    boolean endedAfter(ZonedDateTime seed, Instant after) {
        Instant far = seed.plusYears(SEARCH_YEARS).toInstant().isAfter(after) ? seed.plusYears(SEARCH_YEARS).toInstant()
                : after.atZone(zone).plusYears(SEARCH_YEARS).toInstant();
        return starts(seed, after, far, 1).starts().isEmpty();
    }

    /** The same rule ending before {@code start}: UNTIL one second earlier, in place of COUNT or UNTIL. */
    Recurrence endingBefore(Instant start) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.startsWith("COUNT=") && !part.startsWith("UNTIL=")) {
                parts.add(part);
            }
        }
        parts.add("UNTIL=" + start.minusSeconds(1).atZone(ZoneOffset.UTC).format(UTC_STAMP));
        String shortened = String.join(";", parts);
        return new Recurrence(shortened, new Recur<>(shortened), zone, exdates);
    }

    /**
     * The rest of this rule from {@code start} on, for the series split off there: a COUNT shrinks by the starts
     * before it (excluded ones count, as in RFC 5545).
     */
    Recurrence continuingAt(ZonedDateTime seed, Instant start) {
        int count = recur.getCount();
        String rest = text;
        if (count > 0) {
            int before = dates(seed, seed, start.minusSeconds(1).atZone(zone), count).size();
            rest = text.replaceFirst("COUNT=\\d+", "COUNT=" + Math.max(1, count - before));
        }
        return new Recurrence(rest, new Recur<>(rest), zone, exdates);
    }

    String text() {
        return text;
    }

    List<LocalDate> exdates() {
        return List.copyOf(exdates);
    }

    /** The starts found, and how far the rule was read: the next expansion goes on after it. */
    record Expansion(List<ZonedDateTime> starts, Instant scannedUntil) {
    }

    @Override
    public String toString() {
        return text;
    }
}
