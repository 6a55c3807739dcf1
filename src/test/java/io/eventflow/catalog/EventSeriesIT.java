package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.DomainEvents;
import io.eventflow.support.FormBrowser;
import io.eventflow.support.TestClock;
import tools.jackson.databind.JsonNode;

/** Recurring events on PostgreSQL: rules expanded by ical4j into real events, changed and deleted from one on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public class EventSeriesIT {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    DomainEvents domainEvents;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SeriesMaterialiser materialiser;
    Api api;
    Session organizer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A Tuesday at least a week ahead, 19:00 in Berlin. */
    public static LocalDateTime nextTuesdayEvening() {
        return LocalDate.now(BERLIN).plusDays(7).with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY)).atTime(19, 0);
    }

    public static Map<String, Object> series(String title, LocalDateTime start, String rrule, String... exdates) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("description", "Every week: " + title);
        body.put("start_time", start.toString());
        body.put("end_time", start.plusHours(2).toString());
        body.put("timezone", "Europe/Berlin");
        body.put("location", "Berlin, Alexanderplatz 1");
        body.put("capacity", 20);
        body.put("rrule", rrule);
        body.put("exdates", List.of(exdates));
        return body;
    }

    private Response create(Map<String, Object> body) {
        return api.post("/api/v1/event-series").bearer(organizer).json(body).send();
    }

    private List<JsonNode> occurrences(String seriesId) {
        JsonNode page = api.get("/api/v1/event-series/" + seriesId + "?size=100").send().expect(200).body().get("occurrences");
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    private static ZonedDateTime start(JsonNode event) {
        return Instant.parse(event.get("start_time").asString()).atZone(BERLIN);
    }

    private long rows(String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    @Test
    void weeklyOnTuesdayAndThursdayUntilADateMakesOneRealEventPerOccurrence() {
        LocalDateTime first = nextTuesdayEvening();
        String until = first.toLocalDate().plusDays(23).toString().replace("-", ""); // a Thursday, included
        Response created = create(series("Jazz jam", first, "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=" + until)).expect(201);
        String seriesId = created.body().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/event-series/" + seriesId);
        assertThat(created.body().get("complete").asBoolean()).isTrue();

        List<JsonNode> occurrences = occurrences(seriesId);
        assertThat(occurrences).hasSize(8);
        for (JsonNode occurrence : occurrences) {
            assertThat(start(occurrence).getDayOfWeek()).isIn(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY);
            assertThat(start(occurrence).toLocalTime()).hasToString("19:00");
            assertThat(occurrence.get("series_id").asString()).isEqualTo(seriesId);
            assertThat(occurrence.get("capacity").asInt()).isEqualTo(20);
        }
        assertThat(start(occurrences.getLast()).toLocalDate()).isEqualTo(first.toLocalDate().plusDays(23));
        // each occurrence is an event of its own: a booking takes a seat of that one only
        Session attendee = api.register("attendee");
        String second = occurrences.get(1).get("id").asString();
        api.book(attendee, second);
        assertThat(api.get("/api/v1/events/" + second).send().expect(200).body().get("seats_left").asInt()).isEqualTo(19);
        assertThat(api.get("/api/v1/events/" + occurrences.get(2).get("id").asString()).send().body()
                .get("seats_left").asInt()).isEqualTo(20);
        assertThat(domainEvents.of(EventCreated.class).filter(e -> occurrences.stream()
                .anyMatch(o -> o.get("id").asString().equals(e.event().id().toString())))).hasSize(8);
    }

    @Test
    void monthlyOnTheFirstMondayLeavesOutTheExcludedDays() {
        LocalDate firstMonday = LocalDate.now(BERLIN).plusMonths(1).withDayOfMonth(1)
                .with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
        LocalDate excluded = firstMonday.plusMonths(1).withDayOfMonth(1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
        Response created = create(series("Board games", firstMonday.atTime(18, 30), "RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=6",
                excluded.toString())).expect(201);

        List<JsonNode> occurrences = occurrences(created.body().get("id").asString());
        assertThat(occurrences).hasSize(5);
        assertThat(occurrences).allSatisfy(o -> {
            assertThat(start(o).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(start(o).getDayOfMonth()).isLessThanOrEqualTo(7);
            assertThat(start(o).toLocalTime()).hasToString("18:30");
        });
        assertThat(occurrences).noneMatch(o -> start(o).toLocalDate().equals(excluded));
        assertThat(created.body().get("exdates").get(0).asString()).isEqualTo(excluded.toString());
    }

    @Test
    void keepsTheWallClockTimeAcrossTheEndOfDaylightSavingTime() {
        // the last Sunday of October: CEST (UTC+2) before, CET (UTC+1) after
        LocalDate switchDay = LocalDate.now(BERLIN).plusMonths(1).withMonth(10).withDayOfMonth(31)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        if (!switchDay.isAfter(LocalDate.now(BERLIN).plusDays(14))) {
            switchDay = switchDay.plusYears(1).withDayOfMonth(31).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        }
        LocalDateTime first = switchDay.minusDays(12).atTime(19, 0);
        Response created = create(series("Choir", first, "FREQ=WEEKLY;COUNT=4")).expect(201);

        List<JsonNode> occurrences = occurrences(created.body().get("id").asString());
        assertThat(occurrences).extracting(o -> start(o).toLocalTime().toString()).containsOnly("19:00");
        assertThat(occurrences).extracting(o -> Instant.parse(o.get("start_time").asString()).atZone(ZoneId.of("UTC"))
                .getHour()).containsExactly(17, 17, 18, 18);
    }

    @Test
    void anEndlessRuleCreatesTheCapAheadAndTheRestAsTimeMovesOnOnce() throws Exception {
        long before = rows("events");
        Response created = create(series("Daily stand-up", nextTuesdayEvening(), "FREQ=DAILY")).expect(201);
        String seriesId = created.body().get("id").asString();
        assertThat(created.body().get("occurrences").get("total").asLong()).isEqualTo(200);
        assertThat(created.body().get("complete").asBoolean()).isFalse();
        assertThat(rows("events") - before).isEqualTo(200);

        // days on, the first occurrences have started: the job tops the series up to 200 ahead, on two nodes at once
        clock.advance(Duration.ofDays(17));
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = nodes.invokeAll(List.<Callable<Integer>>of(materialiser::materialiseDue,
                    materialiser::materialiseDue));
            int made = 0;
            for (Future<Integer> run : runs) {
                made += run.get();
            }
            assertThat(made).isPositive();
        } finally {
            nodes.shutdown();
        }
        Long ahead = jdbc.queryForObject("SELECT COUNT(*) FROM events WHERE series_id = ? AND start_time > ?", Long.class,
                java.util.UUID.fromString(seriesId), java.sql.Timestamp.from(clock.instant()));
        assertThat(ahead).isEqualTo(200);
        Long distinct = jdbc.queryForObject("SELECT COUNT(DISTINCT recurrence_id) FROM events WHERE series_id = ?",
                Long.class, java.util.UUID.fromString(seriesId));
        assertThat(api.get("/api/v1/event-series/" + seriesId).send().body().get("occurrences").get("total").asLong())
                .isEqualTo(distinct).isGreaterThan(200);
    }

    @Test
    void refusesARuleOf10000OccurrencesAndStoresNothing() {
        long series = rows("event_series");
        long events = rows("events");
        LocalDateTime first = nextTuesdayEvening();

        Response counted = create(series("Every day for 27 years", first, "FREQ=DAILY;COUNT=10000")).expect(422);
        Response until = create(series("Every day for five years", first,
                "FREQ=DAILY;UNTIL=" + first.plusYears(5).toLocalDate().toString().replace("-", ""))).expect(422);

        assertThat(counted.contentType()).startsWith("application/problem+json");
        assertThat(counted.body().get("errors").get(0).get("field").asString()).isEqualTo("rrule");
        assertThat(counted.body().get("errors").get(0).get("message").asString()).contains("more than 1000 occurrences");
        assertThat(until.body().get("errors").get(0).get("field").asString()).isEqualTo("rrule");
        assertThat(rows("event_series")).isEqualTo(series);
        assertThat(rows("events")).isEqualTo(events);
        create(series("Every day for a thousand days", first, "FREQ=DAILY;COUNT=1000")).expect(201); // the most allowed
    }

    @Test
    void refusesARuleWithNoOccurrenceAndStoresNothing() {
        long series = rows("event_series");
        long events = rows("events");
        LocalDateTime first = nextTuesdayEvening();

        for (Map<String, Object> empty : List.of(
                series("Never", first, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
                series("Too late", first, "FREQ=WEEKLY;UNTIL=" + first.toLocalDate().minusDays(1).toString().replace("-", "")),
                series("All excluded", first, "FREQ=DAILY;COUNT=2", first.toLocalDate().toString(),
                        first.toLocalDate().plusDays(1).toString()))) {
            Response refused = create(empty).expect(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo("rrule");
        }
        assertThat(rows("event_series")).isEqualTo(series);
        assertThat(rows("events")).isEqualTo(events);
    }

    @Test
    void refusesAMalformedRuleWithTheParseErrorAndASubDailyOneAsUnsupported() {
        LocalDateTime first = nextTuesdayEvening();
        Response malformed = create(series("Bad", first, "FREQ=WEEKLY;BYDAY=XX")).expect(400);
        assertThat(malformed.body().get("errors").get(0).get("field").asString()).isEqualTo("rrule");
        assertThat(malformed.body().get("errors").get(0).get("message").asString()).contains("XX");
        create(series("Bad", first, "FOO")).expect(400);
        create(series("Bad", first, "FREQ=DAILY;COUNT=0")).expect(400);
        create(series("Bad", first, "FREQ=DAILY;UNTIL=2027")).expect(400);
        create(series("Bad", first, "FREQ=DAILY\r\nDTSTART:20270101")).expect(400);
        create(series("Bad", first, "FREQ=DAILY", "not-a-date")).expect(400);
        create(series("Bad", first, "FREQ=MINUTELY;COUNT=10000")).expect(422);
        create(series("Bad", first, "FREQ=DAILY;BYHOUR=9,17")).expect(422);
    }

    @Test
    void changesThisAndTheFollowingOccurrencesKeepingTheirBookings() {
        LocalDateTime first = nextTuesdayEvening();
        String seriesId = create(series("Yoga", first, "FREQ=WEEKLY;COUNT=6")).expect(201).body().get("id").asString();
        List<JsonNode> before = occurrences(seriesId);
        String fourth = before.get(3).get("id").asString();
        Session attendee = api.register("attendee");
        api.book(attendee, fourth);
        api.book(attendee, before.get(1).get("id").asString());

        Response changed = api.patch("/api/v1/event-series/" + seriesId + "?from=" + fourth).bearer(organizer)
                .json(Map.of("title", "Yoga (new room)", "start_time", first.plusWeeks(3).withHour(20).toString()))
                .send().expect(200);

        String splitId = changed.body().get("id").asString();
        assertThat(splitId).isNotEqualTo(seriesId);
        assertThat(changed.body().get("rrule").asString()).contains("COUNT=3");
        List<JsonNode> following = occurrences(splitId);
        assertThat(following).hasSize(3);
        assertThat(following.getFirst().get("id").asString()).isEqualTo(fourth); // the same event, its booking kept
        assertThat(following).allSatisfy(o -> {
            assertThat(o.get("title").asString()).isEqualTo("Yoga (new room)");
            assertThat(start(o).toLocalTime()).hasToString("20:00");
            assertThat(Duration.between(Instant.parse(o.get("start_time").asString()),
                    Instant.parse(o.get("end_time").asString()))).isEqualTo(Duration.ofHours(2));
        });
        assertThat(following.getFirst().get("seats_taken").asInt()).isEqualTo(1);
        List<JsonNode> earlier = occurrences(seriesId);
        assertThat(earlier).hasSize(3).allSatisfy(o -> assertThat(o.get("title").asString()).isEqualTo("Yoga"));
        assertThat(api.get("/api/v1/event-series/" + seriesId).send().body().get("rrule").asString()).contains("UNTIL=");
        assertThat(domainEvents.of(EventUpdated.class).filter(e -> e.event().id().toString().equals(fourth)))
                .anySatisfy(e -> assertThat(e.changes()).containsKeys("start_time", "title"));
        assertThat(api.get("/api/v1/users/me/bookings").bearer(attendee).send().expect(200).body().get("items"))
                .hasSize(2);
    }

    @Test
    void deletesThisAndTheFollowingOccurrencesOrTheWholeSeries() {
        String seriesId = create(series("Run club", nextTuesdayEvening(), "FREQ=WEEKLY")).expect(201).body()
                .get("id").asString();
        List<JsonNode> all = occurrences(seriesId);
        String third = all.get(2).get("id").asString();

        api.delete("/api/v1/event-series/" + seriesId + "?from=" + third).bearer(organizer).send().expect(204);
        assertThat(occurrences(seriesId)).hasSize(2);
        assertThat(api.get("/api/v1/events/" + third).send().status()).isEqualTo(404);
        JsonNode ended = api.get("/api/v1/event-series/" + seriesId).send().body();
        assertThat(ended.get("complete").asBoolean()).isTrue();
        assertThat(ended.get("rrule").asString()).contains("UNTIL=");

        api.delete("/api/v1/event-series/" + seriesId).bearer(organizer).send().expect(204);
        assertThat(api.get("/api/v1/event-series/" + seriesId).send().status()).isEqualTo(404);
        assertThat(api.get("/api/v1/events/" + all.getFirst().get("id").asString()).send().status()).isEqualTo(404);
    }

    @Test
    void onlyTheOrganizerOrAnAdminChangesASeriesAndAStartedOccurrenceIsFrozen() {
        String seriesId = create(series("Book club", nextTuesdayEvening(), "FREQ=WEEKLY;COUNT=3")).expect(201).body()
                .get("id").asString();
        Session other = api.register("organizer");
        Session attendee = api.register("attendee");

        assertThat(api.post("/api/v1/event-series").json(series("x", nextTuesdayEvening(), "FREQ=DAILY")).send().status())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/event-series").bearer(attendee).json(series("x", nextTuesdayEvening(), "FREQ=DAILY"))
                .send().status()).isEqualTo(403);
        assertThat(api.patch("/api/v1/event-series/" + seriesId).bearer(other).json(Map.of("title", "Mine")).send()
                .status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/event-series/" + seriesId).bearer(other).send().status()).isEqualTo(403);
        assertThat(api.get("/api/v1/event-series/" + java.util.UUID.randomUUID()).send().status()).isEqualTo(404);
        assertThat(occurrences(seriesId)).allSatisfy(o -> assertThat(o.get("title").asString()).isEqualTo("Book club"));

        JsonNode firstOccurrence = occurrences(seriesId).getFirst();
        String first = firstOccurrence.get("id").asString();
        clock.advance(Duration.between(Instant.now(), Instant.parse(firstOccurrence.get("start_time").asString()))
                .plusHours(1));
        organizer = api.login(organizer.username(), organizer.password()); // the old access token expired meanwhile
        api.patch("/api/v1/event-series/" + seriesId + "?from=" + first).bearer(organizer)
                .json(Map.of("title", "Too late")).send().expect(409);
        api.patch("/api/v1/event-series/" + seriesId + "?from=" + java.util.UUID.randomUUID()).bearer(organizer)
                .json(Map.of("title", "Nowhere")).send().expect(400);
    }

    @Test
    void theCalendarFileCarriesTheRuleTheExcludedAndDeletedDaysAndTheChangedOccurrence() throws Exception {
        LocalDateTime first = nextTuesdayEvening();
        String seriesId = create(series("Salsa", first, "FREQ=WEEKLY;COUNT=5", first.plusWeeks(1).toLocalDate().toString()))
                .expect(201).body().get("id").asString();
        List<JsonNode> occurrences = occurrences(seriesId);
        assertThat(occurrences).hasSize(4);
        api.delete("/api/v1/events/" + occurrences.get(1).get("id").asString()).bearer(organizer).send().expect(204);
        api.patch("/api/v1/events/" + occurrences.get(2).get("id").asString()).bearer(organizer)
                .json(Map.of("title", "Salsa: the special")).send().expect(200);

        Response ics = api.get("/api/v1/event-series/" + seriesId + ".ics").send().expect(200);
        assertThat(ics.contentType()).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics.text()));
        List<VEvent> events = calendar.getComponents("VEVENT").stream().map(VEvent.class::cast).toList();
        VEvent master = events.stream().filter(e -> e.getProperty("RECURRENCE-ID").isEmpty()).findFirst().orElseThrow();
        assertThat(master.getProperty("RRULE").orElseThrow().getValue()).isEqualTo("FREQ=WEEKLY;COUNT=5");
        assertThat(master.getProperty("DTSTART").orElseThrow().getParameter("TZID").orElseThrow().getValue())
                .isEqualTo("Europe/Berlin");
        String exdates = String.join(",", master.getProperties("EXDATE").stream().map(p -> p.getValue()).toList());
        assertThat(exdates).contains(first.plusWeeks(1).toLocalDate().toString().replace("-", "") + "T190000")
                .contains(first.plusWeeks(2).toLocalDate().toString().replace("-", "") + "T190000");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getProperty("RECURRENCE-ID")).isPresent();
            assertThat(e.getProperty("SUMMARY").orElseThrow().getValue()).isEqualTo("Salsa: the special");
        });
        assertThat(calendar.getComponents("VTIMEZONE")).hasSize(1);
    }

    @Test
    void theEventFormRepeatsAnEventAndItsEditChangesThisAndTheFollowingDates() {
        FormBrowser browser = new FormBrowser();
        browser.signIn(api, organizer.username(), organizer.password());
        LocalDateTime first = nextTuesdayEvening();
        Map<String, String> form = new HashMap<>(Map.of("title", "Tango", "startTime", first.toString(),
                "endTime", first.plusHours(2).toString(), "timezone", "Europe/Berlin", "location", "Berlin",
                "repeats", "weekly", "days", "TU,TH", "ends", "count", "count", "4"));
        form.put("_csrf", FormBrowser.csrf(browser.get(api, "/events/new").body()));

        var created = browser.post(api, "/events", form);
        assertThat(created.statusCode()).isEqualTo(302);
        String firstId = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/events/", "");
        String seriesId = api.get("/api/v1/events/" + firstId).send().expect(200).body().get("series_id").asString();
        List<JsonNode> dates = occurrences(seriesId);
        assertThat(dates).hasSize(4);
        assertThat(dates.get(1).get("start_time").asString()).isEqualTo(first.plusDays(2).atZone(BERLIN).toInstant().toString());
        String page = browser.get(api, "/events/" + firstId).body();
        assertThat(page).contains("Part of a series").contains("/api/v1/event-series/" + seriesId + ".ics");

        String third = dates.get(2).get("id").asString();
        String edit = browser.get(api, "/events/" + third + "/edit").body();
        assertThat(edit).contains("this and the following dates");
        Map<String, String> change = new HashMap<>(form);
        change.remove("repeats");
        change.put("title", "Tango (new floor)");
        change.put("startTime", Instant.parse(dates.get(2).get("start_time").asString()).atZone(BERLIN).toLocalDateTime().toString());
        change.put("endTime", Instant.parse(dates.get(2).get("end_time").asString()).atZone(BERLIN).toLocalDateTime().toString());
        change.put("scope", "following");
        change.put("status", "scheduled");
        change.put("_csrf", FormBrowser.csrf(edit));
        assertThat(browser.post(api, "/events/" + third, change).statusCode()).isEqualTo(302);

        assertThat(api.get("/api/v1/events/" + third).send().body().get("title").asString()).isEqualTo("Tango (new floor)");
        assertThat(api.get("/api/v1/events/" + dates.get(3).get("id").asString()).send().body().get("title").asString())
                .isEqualTo("Tango (new floor)");
        assertThat(api.get("/api/v1/events/" + dates.get(1).get("id").asString()).send().body().get("title").asString())
                .isEqualTo("Tango");
    }
}
