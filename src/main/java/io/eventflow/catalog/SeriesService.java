package io.eventflow.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Validator;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.calendar.ICalendar;
import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.RuleViolated;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recurring events: a series creates its occurrences as real events (each with its own seats and bookings) in the
 * transaction that creates it, at most {@code max-occurrences} ahead and within the horizon; {@link SeriesMaterialiser}
 * creates the later ones as time moves on. A change "from this occurrence on" rewrites that occurrence and the later
 * ones as the organizer's change of each event would (participants told, bookings kept), splitting the series in two
 * when earlier occurrences stay as they were. Every change locks the series' row, so changes and the creation of
 * occurrences take turns, on every node.
 */
@Service
class SeriesService implements EventSeriesCatalog {

    private final EventSeriesRepository series;
    private final EventRepository events;
    private final EventService catalog;
    private final IdGenerator ids;
    private final Clock clock;
    private final Validator validator;
    private final SeriesProperties properties;
    private final NamedParameterJdbcTemplate jdbc;
    private final JsonMapper json;

    SeriesService(EventSeriesRepository series, EventRepository events, EventService catalog, IdGenerator ids,
            Clock clock, Validator validator, SeriesProperties properties, NamedParameterJdbcTemplate jdbc,
            JsonMapper json) {
        this.series = series;
        this.events = events;
        this.catalog = catalog;
        this.ids = ids;
        this.clock = clock;
        this.validator = validator;
        this.properties = properties;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    @Transactional
    public SeriesView create(CurrentUser organizer, SeriesInput input) {
        EventPolicy.requirePublisher(organizer);
        validate(input);
        Instant now = clock.instant();
        Definition definition = define(input, now, null);
        EventSeries created = new EventSeries(ids.next(), organizer.id(), definition.template(), definition.rule(), now);
        series.save(created);
        List<Event> occurrences = materialise(created, now);
        if (occurrences.isEmpty()) {
            throw empty(); // every start within the horizon is an excluded day
        }
        return view(created, Paging.of(0, null));
    }

    @Transactional(readOnly = true)
    SeriesView view(UUID id, @Nullable Integer page, @Nullable Integer size) {
        Paging paging = Paging.of(page, size);
        return view(series.findById(id).orElseThrow(() -> new SeriesNotFound(id)), paging);
    }

    @Override
    @Transactional(readOnly = true)
    public java.util.Optional<SeriesView> seriesOf(UUID eventId, int next) {
        return java.util.Optional.ofNullable(seriesOfOrNull(eventId, next));
    }

    @Override
    @Transactional
    public SeriesView changeFollowing(CurrentUser actor, UUID seriesId, UUID from, JsonNode patch) {
        return change(actor, seriesId, from, patch);
    }

    private @Nullable SeriesView seriesOfOrNull(UUID eventId, int next) {
        UUID seriesId = jdbc.query("SELECT series_id FROM events WHERE id = :id", Map.of("id", eventId),
                (rs, n) -> rs.getObject("series_id", UUID.class)).stream().filter(Objects::nonNull).findFirst().orElse(null);
        if (seriesId == null) {
            return null;
        }
        EventSeries found = series.findById(seriesId).orElse(null);
        if (found == null) {
            return null;
        }
        List<EventView> upcoming = jdbc.query("SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e "
                + "WHERE e.series_id = :series AND e.start_time > :now ORDER BY e.recurrence_id LIMIT :next",
                Map.of("series", seriesId, "now", java.sql.Timestamp.from(clock.instant()), "next", next),
                (rs, n) -> EventSearch.view(rs));
        return view(found, new PageView<>(upcoming, 0, next, upcoming.size()));
    }

    /**
     * JSON merge patch of the template and rule, from occurrence {@code from} on (default: the first that has not
     * started). Returns the series the changed occurrences belong to: this one, or the one split off.
     */
    @Transactional
    SeriesView change(CurrentUser actor, UUID id, @Nullable UUID from, JsonNode patch) {
        Instant now = clock.instant();
        EventSeries current = lock(id);
        requireOwner(actor, current);
        List<Event> all = events.occurrencesOf(id);
        Event split = splitPoint(all, from, now);
        SeriesInput input = merge(current, split, patch);
        validate(input);
        if (input.version() != null && input.version() != current.version()) {
            throw new Conflict("The series was changed meanwhile (you sent version " + input.version()
                    + ", the current one is " + current.version() + "); reload it and apply your change again");
        }
        boolean earlierStay = all.stream().anyMatch(e -> e.recurrenceId().isBefore(split.recurrenceId()));
        boolean sameRule = input.rrule().equals(current.rule().text());
        // the part split off keeps counting where the split is: COUNT=10 split after 4 goes on with COUNT=6
        Definition definition = define(input, now, sameRule && earlierStay
                ? current.rule().continuingAt(current.firstStart(), split.recurrenceId()).text() : null);
        EventSeries target;
        if (earlierStay) {
            current.endBefore(split.recurrenceId(), now);
            target = new EventSeries(ids.next(), current.organizerId(), definition.template(), definition.rule(), now);
            series.save(target);
        } else {
            current.define(definition.template(), definition.rule(), now);
            target = current;
        }
        ZonedDateTime seed = target.firstStart();
        Recurrence rule = target.rule();
        Recurrence.Expansion expansion = rule.starts(seed, seed.toInstant().minusSeconds(1), now.plus(properties.horizon()),
                properties.maxOccurrences());
        if (expansion.starts().isEmpty()) {
            throw empty();
        }
        // An occurrence keeps its event, its seats and its bookings while the new rule still has a start on its day;
        // the rest are deleted (participants told, bookings cancelled) and the new rule's other days created.
        Map<LocalDate, ZonedDateTime> byDay = new LinkedHashMap<>();
        expansion.starts().forEach(start -> byDay.put(start.toLocalDate(), start));
        ZoneId oldZone = current.zone();
        for (Event occurrence : all) {
            if (occurrence.recurrenceId().isBefore(split.recurrenceId()) || occurrence.snapshot().hasStarted(now)) {
                continue; // before the split, or frozen
            }
            ZonedDateTime start = byDay.remove(occurrence.recurrenceId().atZone(oldZone).toLocalDate());
            if (start == null) {
                catalog.remove(occurrence, now);
            } else {
                occurrence.occurrenceOf(target.id(), start.toInstant());
                // the series has no waiting-list rule of its own (yet): each occurrence keeps the one it was given
                catalog.rewrite(occurrence, target.occurrence(start, occurrence.snapshot().status())
                        .withWaitlist(occurrence.waitlistMode(), occurrence.offerTtl()), now);
            }
        }
        catalog.insert(byDay.values().stream().map(start -> occurrence(target, start, now)).toList(), now);
        target.materialisedUntil(expansion.scannedUntil(), rule.endedAfter(seed, expansion.scannedUntil()), now);
        series.saveAndFlush(target);
        return view(target, Paging.of(0, null));
    }

    /** The whole series, or from occurrence {@code from} on (the earlier ones stay, the rule ends before it). */
    @Transactional
    void delete(CurrentUser actor, UUID id, @Nullable UUID from) {
        Instant now = clock.instant();
        EventSeries current = lock(id);
        requireOwner(actor, current);
        List<Event> all = events.occurrencesOf(id);
        Instant cut = from == null ? null : occurrence(all, from).recurrenceId();
        for (Event occurrence : all) {
            if (cut == null || !occurrence.recurrenceId().isBefore(cut)) {
                catalog.remove(occurrence, now);
            }
        }
        if (cut != null && all.stream().anyMatch(e -> e.recurrenceId().isBefore(cut))) {
            current.endBefore(cut, now); // the earlier occurrences stay, the rule ends before the first deleted
            series.saveAndFlush(current);
        } else {
            series.delete(current);
            series.flush();
        }
    }

    /** The series as an iCalendar file: RRULE, EXDATE (excluded and deleted occurrences), RECURRENCE-ID overrides. */
    @Transactional(readOnly = true)
    String calendar(UUID id, java.util.function.Function<UUID, String> eventLink, String seriesLink) {
        EventSeries found = series.findById(id).orElseThrow(() -> new SeriesNotFound(id));
        List<Event> all = events.occurrencesOf(id);
        ZonedDateTime seed = found.firstStart();
        ZoneId zone = found.zone();
        Recurrence rule = found.rule();
        Set<Instant> existing = new HashSet<>();
        all.forEach(e -> existing.add(e.recurrenceId()));
        List<ZonedDateTime> exdates = new ArrayList<>();
        for (LocalDate day : rule.exdates()) {
            exdates.add(day.atTime(seed.toLocalTime()).atZone(zone));
        }
        // the rule's starts that were created and then deleted on their own are not in the series either
        for (ZonedDateTime start : rule.starts(seed, seed.toInstant().minusSeconds(1), found.materialisedUntil(),
                MAX_CALENDAR_STARTS).starts()) {
            if (!existing.contains(start.toInstant())) {
                exdates.add(start);
            }
        }
        List<ICalendar.Occurrence> overrides = new ArrayList<>();
        for (Event occurrence : all) {
            EventSnapshot s = occurrence.snapshot();
            ZonedDateTime recurrence = occurrence.recurrenceId().atZone(zone);
            EventData expected = found.occurrence(recurrence, EventStatus.SCHEDULED);
            boolean differs = !s.startTime().equals(expected.startTime()) || !s.endTime().equals(expected.endTime())
                    || !s.title().equals(expected.title()) || !s.description().equals(expected.description())
                    || !Objects.equals(s.location(), expected.location()) || s.status() != EventStatus.SCHEDULED;
            if (differs) {
                overrides.add(new ICalendar.Occurrence(recurrence, new ICalendar.Entry(s.id(), s.version(), s.title(),
                        s.description(), s.startTime(), s.endTime(), s.location(), s.latitude(), s.longitude(),
                        eventLink.apply(s.id()), s.status() == EventStatus.CANCELLED)));
            }
        }
        EventData template = found.template();
        return ICalendar.series(new ICalendar.Series(found.id(), found.version(), template.title(),
                template.description(), seed, found.duration(), rule.text(), exdates, template.location(),
                template.latitude(), template.longitude(), seriesLink, overrides), found.updatedAt());
    }

    private static final int MAX_CALENDAR_STARTS = 5000;

    /**
     * Creates the occurrences that are due: after the last one created, within the horizon, while fewer than
     * {@code max-occurrences} lie ahead. The caller holds the series' row (or has just created it).
     */
    List<Event> materialise(EventSeries target, Instant now) {
        if (target.complete()) {
            return List.of();
        }
        int room = properties.maxOccurrences() - (int) events.upcomingOccurrences(target.id(), now);
        ZonedDateTime seed = target.firstStart();
        Recurrence rule = target.rule();
        Instant after = target.materialisedUntil().isBefore(now) ? now : target.materialisedUntil();
        Recurrence.Expansion expansion = rule.starts(seed, after, now.plus(properties.horizon()), room);
        if (room <= 0) {
            return List.of();
        }
        List<Event> created = expansion.starts().stream().map(start -> occurrence(target, start, now)).toList();
        target.materialisedUntil(expansion.scannedUntil(), rule.endedAfter(seed, expansion.scannedUntil()), now);
        series.save(target);
        return created.isEmpty() ? created : catalog.insert(created, now);
    }

    /** For the materialising job: the series' row locked in the caller's transaction. */
    int materialise(UUID id, Instant now) {
        return series.lockById(id).map(found -> materialise(found, now).size()).orElse(0);
    }

    private Event occurrence(EventSeries of, ZonedDateTime start, Instant now) {
        Event event = new Event(ids.next(), of.organizerId(), of.occurrence(start, EventStatus.SCHEDULED), now);
        event.occurrenceOf(of.id(), start.toInstant());
        return event;
    }

    /** The template (its start anchored on the rule's first start) and the rule. */
    private record Definition(EventData template, Recurrence rule) {
    }

    /**
     * Checks and parses what was sent. {@code continuing}: the rule of the part split off, when the rule is kept.
     */
    private Definition define(SeriesInput input, Instant now, @Nullable String continuing) {
        EventData first = EventInputs.parse(input.firstOccurrence(), "", now);
        ZoneId zone = ZoneId.of(first.timezone());
        Recurrence rule = Recurrence.parse(continuing != null ? continuing : input.rrule(), zone, input.exdateList());
        ZonedDateTime seed = first.startTime().atZone(zone);
        Instant horizon = now.plus(properties.horizon());
        // DTSTART is the rule's first start: a first start the rule does not give (a Monday for BYDAY=TU) moves on to it
        Recurrence.Expansion firstStart = rule.starts(seed, seed.toInstant().minusSeconds(1),
                seed.plusYears(Recurrence.SEARCH_YEARS).toInstant(), 1);
        if (firstStart.starts().isEmpty()) {
            throw empty();
        }
        refuseTooLong(rule, seed);
        if (seed.toInstant().isAfter(horizon)) {
            throw new RuleViolated("A series must start within " + properties.horizon().toDays() + " days",
                    List.of(new FieldProblem("start_time", "must be within " + properties.horizon().toDays() + " days from now")));
        }
        Duration length = Duration.between(first.startTime(), first.endTime());
        ZonedDateTime anchor = rule.firstRuleStart(seed);
        EventData template = new EventData(first.title(), first.description(), first.category(), anchor.toInstant(),
                anchor.toInstant().plus(length), first.timezone(), first.location(), first.latitude(), first.longitude(),
                first.geofenceRadiusM(), first.capacity(), first.price(), first.currency(), EventStatus.SCHEDULED,
                WaitlistMode.AUTO, null);
        return new Definition(template, rule);
    }

    /**
     * A rule with an end that gives more than {@code max-total} occurrences is refused before anything is written:
     * counted by expanding at most one past the limit (the same ten years' window as the first start's search).
     */
    private void refuseTooLong(Recurrence rule, ZonedDateTime seed) {
        if (!rule.ends()) {
            return;
        }
        int most = properties.maxTotal();
        int given = rule.starts(seed, seed.toInstant().minusSeconds(1), seed.plusYears(Recurrence.SEARCH_YEARS).toInstant(),
                most + 1).starts().size();
        if (given > most) {
            String why = "gives more than " + most + " occurrences, the most a series with an end may have: end it "
                    + "sooner, or leave COUNT and UNTIL out for a series that goes on (created " + properties.maxOccurrences()
                    + " ahead)";
            throw new RuleViolated("The recurrence rule " + why, List.of(new FieldProblem("rrule", why)));
        }
    }

    private static RuleViolated empty() {
        return new RuleViolated("The recurrence rule gives no occurrence: check UNTIL, COUNT and the excluded days",
                List.of(new FieldProblem("rrule", "gives no occurrence")));
    }

    private Event splitPoint(List<Event> all, @Nullable UUID from, Instant now) {
        if (from != null) {
            Event split = occurrence(all, from);
            if (split.snapshot().hasStarted(now)) {
                throw new EventStarted("That occurrence started at " + split.startTime() + " and can no longer be changed");
            }
            return split;
        }
        return all.stream().filter(e -> !e.snapshot().hasStarted(now)).findFirst()
                .orElseThrow(() -> new EventStarted("Every occurrence of the series has started; none can be changed"));
    }

    private static Event occurrence(List<Event> all, UUID id) {
        return all.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> InvalidInput.field("from", "is not an occurrence of this series"));
    }

    /** The template as it stands, starting at the split point's rule start, with the patch laid over it. */
    private SeriesInput merge(EventSeries current, Event split, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidInput("A patch must be a JSON object of the fields to change", List.of());
        }
        ObjectNode changes = ((ObjectNode) patch).deepCopy();
        if (changes.has("name")) {
            changes.set("title", changes.remove("name"));
        }
        EventData t = current.template();
        Instant start = split.recurrenceId();
        Instant end = start.plus(current.duration());
        if (changes.has("start_time") && !changes.has("end_time") && changes.get("start_time").isString()) {
            // a new start keeps the length: the end moves with it
            end = null;
        }
        SeriesInput base = new SeriesInput(t.title(), t.description(), t.category(), start.atZone(current.zone())
                .toOffsetDateTime().toString(), end == null ? start.toString() : end.atZone(current.zone())
                .toOffsetDateTime().toString(), t.timezone(), t.location(), t.latitude(), t.longitude(),
                t.geofenceRadiusM(), t.capacity(), t.price(), t.currency(), current.rule().text(),
                current.rule().exdates().stream().map(LocalDate::toString).toList(), null);
        ObjectNode merged = json.valueToTree(base);
        merged.setAll(changes);
        SeriesInput input;
        try {
            input = json.treeToValue(merged, SeriesInput.class);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().getLast().getPropertyName();
            throw InvalidInput.field(field == null ? "body" : field, "has a value of the wrong type");
        }
        if (end == null) {
            validate(input);
            EventData moved = EventInputs.parse(withEnd(input, "9999-12-30T00:00:00Z").firstOccurrence(), "", clock.instant());
            input = withEnd(input, moved.startTime().plus(current.duration()).toString());
        }
        return input;
    }

    private static SeriesInput withEnd(SeriesInput in, String end) {
        return new SeriesInput(in.title(), in.description(), in.category(), in.startTime(), end, in.timezone(),
                in.location(), in.latitude(), in.longitude(), in.geofenceRadiusM(), in.capacity(), in.price(),
                in.currency(), in.rrule(), in.exdates(), in.version());
    }

    private EventSeries lock(UUID id) {
        return series.lockById(id).orElseThrow(() -> new SeriesNotFound(id));
    }

    private static void requireOwner(CurrentUser actor, EventSeries target) {
        EventPolicy.requireManager(actor, target.organizerId(), "change its series");
    }

    private void validate(@Nullable SeriesInput input) {
        if (input == null) {
            throw InvalidInput.field("body", "is missing");
        }
        InvalidInput invalid = InvalidInput.of(validator.validate(input), "");
        if (invalid != null) {
            throw invalid;
        }
    }

    private SeriesView view(EventSeries found, Paging paging) {
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM events WHERE series_id = :series",
                Map.of("series", found.id()), Long.class);
        List<EventView> items = jdbc.query("SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e "
                + "WHERE e.series_id = :series ORDER BY e.recurrence_id LIMIT :size OFFSET :offset",
                Map.of("series", found.id(), "size", paging.size(), "offset", paging.offset()),
                (rs, n) -> EventSearch.view(rs));
        return view(found, new PageView<>(items, paging.page(), paging.size(), total == null ? 0 : total));
    }

    private static SeriesView view(EventSeries found, PageView<EventView> occurrences) {
        Recurrence rule = found.rule();
        return new SeriesView(found.id(), found.organizerId(), rule.text(),
                rule.exdates().stream().map(LocalDate::toString).toList(), found.firstStart().toInstant(),
                found.zone().getId(), found.duration().toMinutes(), found.view(), found.materialisedUntil(),
                found.complete(), occurrences, found.createdAt(), found.updatedAt(), found.version());
    }
}
