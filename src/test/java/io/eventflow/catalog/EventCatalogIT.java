package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.DomainEvents;
import io.eventflow.support.TestClock;

/** Publishing and changing events, with the rules of who may and when, against PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public class EventCatalogIT {

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    DomainEvents domainEvents;
    @Autowired
    EventService service;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;
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

    public static Map<String, Object> event(String title) {
        Instant start = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> event = new HashMap<>();
        event.put("title", title);
        event.put("description", "An evening of talks about " + title);
        event.put("category", "tech-meetup");
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        event.put("location", "Tel Aviv, Rothschild 1");
        event.put("latitude", 32.0636);
        event.put("longitude", 34.7745);
        event.put("capacity", 50);
        event.put("price", 12.5);
        event.put("currency", "ils");
        return event;
    }

    private Response create(Session as, Map<String, Object> event) {
        return api.post("/api/v1/events").bearer(as).json(event).send();
    }

    @Test
    void anOrganizerPublishesAnEventAndAnyoneCanReadIt() {
        Response created = create(organizer, event("Spring Boot night")).expect(201);

        String id = created.body().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/events/" + id);
        Response read = api.get("/api/v1/events/" + id).send().expect(200);
        assertThat(read.body().get("title").asString()).isEqualTo("Spring Boot night");
        assertThat(read.body().get("organizer_id").asString()).isEqualTo(organizer.userId().toString());
        assertThat(read.body().get("status").asString()).isEqualTo("scheduled");
        assertThat(read.body().get("currency").asString()).isEqualTo("ILS");
        assertThat(read.body().get("seats_left").asInt()).isEqualTo(50);
        assertThat(read.body().get("geofence_radius_m").asInt()).isEqualTo(200);
        assertThat(read.body().get("version").asLong()).isZero();
        assertThat(domainEvents.of(EventCreated.class).filter(e -> e.event().id().toString().equals(id))).hasSize(1);
    }

    @Test
    void acceptsTheSeedAliasesAndLocalTimesInTheEventsTimezone() {
        Map<String, Object> event = event("Aliased");
        event.remove("title");
        event.remove("start_time");
        event.put("name", "Aliased");
        event.put("starting_time", "2031-06-01T19:30:00");
        event.put("end_time", "2031-06-01T22:00:00");
        event.put("timezone", "Asia/Jerusalem");

        Response created = create(organizer, event).expect(201);

        assertThat(created.body().get("title").asString()).isEqualTo("Aliased");
        assertThat(created.body().get("start_time").asString()).isEqualTo("2031-06-01T16:30:00Z");
        assertThat(created.body().get("timezone").asString()).isEqualTo("Asia/Jerusalem");
    }

    @Test
    void anAttendeeCannotPublishAndAnonymousCallersMustLogIn() {
        Session attendee = api.register("attendee");

        assertThat(create(attendee, event("Nope")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/events").json(event("Nope")).send().status()).isEqualTo(401);
    }

    @Test
    void rejectsEachKindOfBadInputNamingTheField() {
        Map<String, Map<String, Object>> cases = new HashMap<>();
        cases.put("capacity", with(event("x"), "capacity", -1));
        cases.put("latitude", with(event("x"), "latitude", 91));
        cases.put("category", with(event("x"), "category", "Music & Arts!"));
        cases.put("title", with(event("x"), "title", ""));
        cases.put("description", with(event("x"), "description", "d".repeat(10_001)));
        cases.put("start_time", with(event("x"), "start_time", "next tuesday"));
        cases.put("timezone", with(event("x"), "timezone", "Mars/Olympus"));
        cases.put("currency", with(event("x"), "currency", "XYZ"));
        cases.put("price", with(event("x"), "price", 1.005));

        cases.forEach((field, body) -> {
            Response response = create(organizer, body);
            assertThat(response.status()).as(field).isEqualTo(400);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.body().get("errors").findValuesAsString("field")).as(field).contains(field);
        });
    }

    @Test
    void anEndBeforeTheStartOrAStartInThePastIsUnprocessable() {
        Map<String, Object> backwards = event("Backwards");
        backwards.put("end_time", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        Map<String, Object> past = event("Past");
        past.put("start_time", "2020-01-01T10:00:00Z");
        past.put("end_time", "2020-01-01T12:00:00Z");

        Response backwardsResponse = create(organizer, backwards);
        Response pastResponse = create(organizer, past);

        assertThat(backwardsResponse.status()).isEqualTo(422);
        assertThat(backwardsResponse.body().at("/errors/0/field").asString()).isEqualTo("end_time");
        assertThat(pastResponse.status()).isEqualTo(422);
        assertThat(pastResponse.body().at("/errors/0/field").asString()).isEqualTo("start_time");
    }

    @Test
    void aBatchIsStoredWholeOrNotAtAll() {
        String marker = "batch" + System.nanoTime();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(event(marker + " " + i));
        }
        items.get(3).put("capacity", -5);

        Response failed = api.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", items)).send();
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.body().at("/errors/0/field").asString()).isEqualTo("events[3].capacity");
        assertThat(api.get("/api/v1/events?q=" + marker).send().body().get("total").asLong()).isZero();

        items.get(3).put("capacity", 5);
        items.get(4).put("end_time", items.get(4).get("start_time"));
        Response inconsistent = api.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", items)).send();
        assertThat(inconsistent.status()).isEqualTo(422);
        assertThat(inconsistent.body().at("/errors/0/field").asString()).isEqualTo("events[4].end_time");
        assertThat(api.get("/api/v1/events?q=" + marker).send().body().get("total").asLong()).isZero();

        items.remove(4);
        Response stored = api.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", items)).send().expect(201);
        assertThat(stored.body().get("items")).hasSize(4);
        assertThat(api.get("/api/v1/events?q=" + marker).send().body().get("total").asLong()).isEqualTo(4);
    }

    @Test
    void aBatchWhoseInsertFailsHalfWayWritesNoEventAndNoOutboxRow() {
        String marker = "halfway" + System.nanoTime();
        Instant now = Instant.now();
        EventData data = EventInputs.parse(new EventInput(marker, "d", null, now.plus(Duration.ofDays(3)).toString(),
                now.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)).toString(), null, null, null, null, null, 10,
                null, null, null, null, null, null), "", now);
        java.util.UUID organizerId = java.util.UUID.randomUUID();
        java.util.UUID taken = java.util.UUID.randomUUID();
        // the third row repeats the first one's id: the database refuses it after two rows of the batch were sent
        List<Event> events = List.of(new Event(taken, organizerId, data, now),
                new Event(java.util.UUID.randomUUID(), organizerId, data, now), new Event(taken, organizerId, data, now));

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> service.insert(events, now)))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM events WHERE title = ?", Long.class, marker)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE ?",
                Long.class, "%" + marker + "%")).isZero();
        assertThat(domainEvents.of(EventCreated.class).filter(e -> e.event().title().equals(marker))).isEmpty();
    }

    @Test
    void aBatchOfMoreThan1000IsRefusedAnd1000AreAccepted() {
        String marker = "bulk" + System.nanoTime();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(event(marker + " " + i));
        }
        Response tooMany = api.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", items)).send();
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().at("/errors/0/field").asString()).isEqualTo("events");

        items.removeLast();
        api.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", items)).send().expect(201);
        assertThat(api.get("/api/v1/events?q=" + marker).send().body().get("total").asLong()).isEqualTo(1000);
    }

    @Test
    void anEventsCalendarFileLinksToTheEventAndIsNotKeptInSharedCaches() {
        String id = create(organizer, event("Calendar night")).expect(201).body().get("id").asString();

        Response ics = api.get("/api/v1/events/" + id + ".ics").send().expect(200);

        assertThat(ics.text()).contains("BEGIN:VEVENT").contains("/events/" + id);
        // the link is built from the request's Host header: a shared cache must not serve one client's to another
        assertThat(ics.header("Cache-Control")).contains("private").contains("no-cache");
    }

    @Test
    void aTitleOrLocationWithALineBreakIsRefusedSoItCannotForgeALogLine() {
        Map<String, Object> forged = event("Party\r\n2026-12-06T07:00:00Z  INFO admin signed in");
        Map<String, Object> separator = event("Party");
        separator.put("location", "Hall 1\u2028Tel Aviv");

        Response byTitle = create(organizer, forged);
        Response byLocation = create(organizer, separator);

        assertThat(byTitle.status()).isEqualTo(400);
        assertThat(byTitle.body().at("/errors/0/field").asString()).isEqualTo("title");
        assertThat(byTitle.body().at("/errors/0/message").asString()).contains("single line");
        assertThat(byLocation.status()).isEqualTo(400);
        assertThat(byLocation.body().at("/errors/0/field").asString()).isEqualTo("location");
    }

    @Test
    void theCalendarFileAskedForAsJsonIs406NotABadId() {
        String id = create(organizer, event("Calendar as JSON")).expect(201).body().get("id").asString();

        Response json = api.get("/api/v1/events/" + id + ".ics").header("Accept", "application/json").send();

        assertThat(json.status()).isEqualTo(406);
        assertThat(json.header("Content-Type")).startsWith("application/problem+json");
        assertThat(json.text()).contains("text/calendar").doesNotContain("convert");
    }

    @Test
    void theOrganizerUpdatesWithPutAndPatchAndListenersLearnWhatChanged() {
        String id = create(organizer, event("Before")).expect(201).body().get("id").asString();

        Map<String, Object> replacement = event("After");
        replacement.put("version", 0);
        Response put = api.put("/api/v1/events/" + id).bearer(organizer).json(replacement).send().expect(200);
        assertThat(put.body().get("title").asString()).isEqualTo("After");
        assertThat(put.body().get("version").asLong()).isEqualTo(1);

        Response patched = api.patch("/api/v1/events/" + id).bearer(organizer)
                .json(Map.of("location", "Haifa", "capacity", 80)).send().expect(200);
        assertThat(patched.body().get("location").asString()).isEqualTo("Haifa");
        assertThat(patched.body().get("capacity").asInt()).isEqualTo(80);
        assertThat(patched.body().get("title").asString()).isEqualTo("After");

        Response unlimited = api.patch("/api/v1/events/" + id).bearer(organizer).json("{\"capacity\": null}").send().expect(200);
        assertThat(unlimited.body().get("capacity").isNull()).isTrue();

        EventUpdated update = domainEvents.of(EventUpdated.class)
                .filter(e -> e.event().id().toString().equals(id) && e.changes().containsKey("location"))
                .findFirst().orElseThrow();
        assertThat(update.changes().get("location").oldValue()).isEqualTo("Tel Aviv, Rothschild 1");
        assertThat(update.changes().get("location").newValue()).isEqualTo("Haifa");
        assertThat(update.changes()).containsOnlyKeys("location", "capacity");
    }

    @Test
    void aStaleVersionIsAConflict() {
        String id = create(organizer, event("Versioned")).expect(201).body().get("id").asString();
        api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("title", "First edit", "version", 0)).send().expect(200);

        Response stale = api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("title", "Second edit", "version", 0)).send();

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("detail").asString()).contains("version");
        assertThat(api.get("/api/v1/events/" + id).send().body().get("title").asString()).isEqualTo("First edit");
    }

    @Test
    void aStartedEventCanNoLongerBeChanged() {
        String id = create(organizer, event("Soon")).expect(201).body().get("id").asString();
        clock.advance(Duration.ofDays(10).plusMinutes(1));
        Session later = api.login(organizer.username(), organizer.password());

        Response response = api.patch("/api/v1/events/" + id).bearer(later).json(Map.of("title", "Too late")).send();

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.body().get("detail").asString()).contains("started");
    }

    @Test
    void anotherOrganizerCanNeitherChangeNorDeleteButAnAdminCan() {
        String id = create(organizer, event("Mine")).expect(201).body().get("id").asString();
        Session rival = api.register("organizer");

        assertThat(api.patch("/api/v1/events/" + id).bearer(rival).json(Map.of("title", "Theirs")).send().status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/events/" + id).bearer(rival).send().status()).isEqualTo(403);

        Session admin = api.login(io.eventflow.support.TestInfrastructure.ADMIN_USERNAME, io.eventflow.support.TestInfrastructure.ADMIN_PASSWORD);
        api.delete("/api/v1/events/" + id).bearer(admin).send().expect(204);
        assertThat(api.get("/api/v1/events/" + id).send().status()).isEqualTo(404);
        assertThat(domainEvents.of(EventDeleted.class).filter(e -> e.event().id().toString().equals(id))).hasSize(1);
    }

    @Test
    void aNonUuidIdIs400AndAnUnknownOneIs404() {
        assertThat(api.get("/api/v1/events/1").send().status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events/%27%20OR%201=1%20--").send().status()).isIn(400, 404);
        assertThat(api.get("/api/v1/events/0195f0c4-0000-7000-8000-000000000000").send().status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/events/abc").bearer(organizer).json(Map.of("title", "x")).send().status()).isEqualTo(400);
    }

    @Test
    void aPatchWithAWrongTypeOrAnInvalidValueIsRefused() {
        String id = create(organizer, event("Typed")).expect(201).body().get("id").asString();

        Response wrongType = api.patch("/api/v1/events/" + id).bearer(organizer).json("{\"capacity\": \"many\"}").send();
        Response invalid = api.patch("/api/v1/events/" + id).bearer(organizer).json("{\"latitude\": 123}").send();
        Response notAnObject = api.patch("/api/v1/events/" + id).bearer(organizer).json("[1, 2]").send();

        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().at("/errors/0/field").asString()).isEqualTo("capacity");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().at("/errors/0/field").asString()).isEqualTo("latitude");
        assertThat(notAnObject.status()).isEqualTo(400);

        // a fraction where a whole number belongs is reported, not cut to 2 seats
        Response fraction = api.patch("/api/v1/events/" + id).bearer(organizer).json("{\"capacity\": 2.5}").send();
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.body().at("/errors/0/field").asString()).isEqualTo("capacity");
        Map<String, Object> fractional = event("Half seats");
        fractional.put("capacity", 2.5);
        assertThat(create(organizer, fractional).status()).isEqualTo(400);
    }

    @Test
    void concurrentPatchesOfDifferentFieldsNeverSilentlyUndoEachOther() throws Exception {
        String id = create(organizer, event("Contended")).expect(201).body().get("id").asString();
        for (int round = 0; round < 10; round++) {
            String title = "Title " + round;
            String description = "Description " + round;
            List<Response> answers = io.eventflow.support.Parallel.run(2, List.<java.util.concurrent.Callable<Response>>of(
                    () -> api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("title", title)).send(),
                    () -> api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("description", description)).send()));
            Response now = api.get("/api/v1/events/" + id).send();
            assertThat(answers.get(0).status()).isIn(200, 409);
            assertThat(answers.get(1).status()).isIn(200, 409);
            if (answers.get(0).status() == 200) {
                assertThat(now.body().get("title").asString()).isEqualTo(title);
            }
            if (answers.get(1).status() == 200) {
                assertThat(now.body().get("description").asString()).isEqualTo(description);
            }
        }
    }

    @Test
    void aPatchCannotClearTheStatusAndClearingThePriceClearsTheCurrency() {
        String id = create(organizer, event("Priced")).expect(201).body().get("id").asString();

        assertThat(api.patch("/api/v1/events/" + id).bearer(organizer).json("{\"status\": null}").send().status()).isEqualTo(400);
        Response free = api.patch("/api/v1/events/" + id).bearer(organizer).json("{\"price\": null}").send().expect(200);
        assertThat(free.body().get("currency").isNull()).isTrue();
    }

    @Test
    void aCancelledEventStaysCancelled() {
        String id = create(organizer, event("Called off")).expect(201).body().get("id").asString();
        api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);

        Response revived = api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("status", "scheduled")).send();
        Map<String, Object> replacement = event("Called off");
        replacement.put("status", "scheduled");
        Response revivedByPut = api.put("/api/v1/events/" + id).bearer(organizer).json(replacement).send();
        // a replacement that does not mention the status keeps it: leaving a field out must not revive the event
        Response withoutStatus = api.put("/api/v1/events/" + id).bearer(organizer).json(event("Called off, renamed")).send()
                .expect(200);

        for (Response refused : List.of(revived, revivedByPut)) {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.body().get("detail").asString()).contains("cancelled");
        }
        assertThat(withoutStatus.body().get("title").asString()).isEqualTo("Called off, renamed");
        assertThat(withoutStatus.body().get("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/events/" + id).send().body().get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void outOfRangeDatesNulCharactersAndLongLowerCasedTextAreHandled() {
        Map<String, Object> farFuture = event("Far");
        farFuture.put("start_time", "+999999999-01-01T00:00:00Z");
        farFuture.put("end_time", "+999999999-01-01T02:00:00Z");
        assertThat(create(organizer, farFuture).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?from=%2B999999999-12-31T00:00:00Z").send().status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?from=%2B300000-01-01T00:00:00Z").send().status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?q=a%00b").send().status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?q=%ED%A0%80").send().status()).isEqualTo(400);
        assertThat(create(organizer, with(event("Nul"), "title", "a\u0000b")).status()).isEqualTo(400);
        assertThat(create(organizer, with(event("Turkish"), "description", "\u0130".repeat(6000))).status()).isEqualTo(201);
        assertThat(api.get("/api/v1/events?where=category:a&where=category:b").send().status()).isEqualTo(400);
    }

    @Test
    void theOrganizerListsOwnEventsOnly() {
        create(organizer, event("Own one")).expect(201);
        create(organizer, event("Own two")).expect(201);
        create(api.register("organizer"), event("Someone else's")).expect(201);

        Response mine = api.get("/api/v1/organizer/events").bearer(organizer).send().expect(200);

        assertThat(mine.body().get("total").asLong()).isEqualTo(2);
        assertThat(mine.body().get("items").findValuesAsString("title")).containsExactlyInAnyOrder("Own one", "Own two");
        assertThat(api.get("/api/v1/organizer/events").bearer(api.register("attendee")).send().status()).isEqualTo(403);
    }

    private static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        event.put(field, value);
        return event;
    }
}
