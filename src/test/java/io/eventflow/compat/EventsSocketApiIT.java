package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.Api.Session;
import io.eventflow.support.WsClient;

/** Seed 000's README, replayed on the compatibility port (future dates instead of its passed 2023 ones). */
class EventsSocketApiIT extends CompatTestBase {

    private Map<String, Object> event(String title, String location) {
        return Map.of("title", title, "description", "This is a sample event description.",
                "start_time", inDays(30, 10), "end_time", inDays(30, 12), "location", location);
    }

    private JsonNode create(Map<String, Object>... events) {
        return compat.post("/create").json(Map.of("events", List.of(events))).send().expect(200).body();
    }

    @Test
    void createsSeveralEventsAtOnceWithIntegerIds() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = create(event("Example Event " + tag, "123 Example Street"), event("Second " + tag, "Tel Aviv"));

        JsonNode first = created.get("events").get(0);
        assertThat(first.get("id").isIntegralNumber()).isTrue();
        assertThat(first.get("title").asString()).isEqualTo("Example Event " + tag);
        assertThat(first.get("description").asString()).isEqualTo("This is a sample event description.");
        assertThat(first.get("location").asString()).isEqualTo("123 Example Street");
        assertThat(first.get("start_time").asString()).isEqualTo(inDays(30, 10) + "Z");
        assertThat(created.get("events").get(1).get("id").asLong()).isGreaterThan(first.get("id").asLong());

        JsonNode read = compat.get("/events/get?id=" + first.get("id").asLong()).send().expect(200).body();
        assertThat(read.get("title").asString()).isEqualTo("Example Event " + tag);
    }

    @Test
    void createsAllOrNothing() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> broken = Map.of("title", "Broken " + tag, "start_time", inDays(30, 12),
                "end_time", inDays(30, 10));
        long before = events();

        JsonNode error = compat.post("/create").json(Map.of("events", List.of(event("Fine " + tag, "Here"), broken)))
                .send().expect(422).body();

        assertThat(error.get("error").asString()).isNotBlank();
        assertThat(error.get("errors").propertyNames()).anyMatch(field -> field.startsWith("events[1]"));
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void unknownOrDeletedEventIsNotFoundRatherThanAServerError() {
        long id = create(event("Short-lived", "Haifa")).get("events").get(0).get("id").asLong();
        compat.post("/events/delete").json(Map.of("id", String.valueOf(id))).send().expect(200);

        assertThat(compat.get("/events/get?id=" + id).send().expect(404).body().get("error").asString()).isNotBlank();
        compat.get("/events/get?id=99999999").send().expect(404);
        assertThat(compat.get("/events/get?id=abc").send().expect(400).body().get("errors").has("id")).isTrue();
        compat.get("/events/get").send().expect(400);
    }

    @Test
    void filtersExactlyAndOrdersByAnyDocumentedField() {
        String city = "Tel Aviv " + UUID.randomUUID();
        create(event("B talk", city), event("A talk", city), event("Elsewhere", "Jaffa"));

        JsonNode all = compat.get("/events/get_all?wherekey=location&whereValue=" + city.replace(" ", "%20")
                + "&orderBy=title").send().expect(200).body();

        assertThat(all.isArray()).isTrue();
        assertThat(all).extracting(e -> e.get("title").asString()).containsExactly("A talk", "B talk");
        assertThat(compat.get("/events/get_all").send().expect(200).body().size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void refusesAnUnknownFieldInFiltersAndOrder() {
        assertThat(compat.get("/events/get_all?wherekey=password&whereValue=x").send().expect(400).body()
                .get("errors").has("wherekey")).isTrue();
        compat.get("/events/get_all?orderBy=secret").send().expect(400);
        compat.get("/events/get_all?wherekey=title").send().expect(400);
    }

    @Test
    void updatesByMergingTheValuesSent() {
        JsonNode created = create(event("old_name", "Eilat")).get("events").get(0);
        long id = created.get("id").asLong();

        JsonNode updated = compat.put("/events/update").json(Map.of("id", id, "values", Map.of("title", "new_name")))
                .send().expect(200).body();

        assertThat(updated.get("message").asString()).isNotBlank();
        JsonNode read = compat.get("/events/get?id=" + id).send().expect(200).body();
        assertThat(read.get("title").asString()).isEqualTo("new_name");
        assertThat(read.get("location").asString()).isEqualTo("Eilat");
        assertThat(read.get("start_time")).isEqualTo(created.get("start_time"));
    }

    @Test
    void refusesMalformedChangesWithoutWritingAnything() {
        long id = create(event("Keep me", "Acre")).get("events").get(0).get("id").asLong();

        compat.put("/events/update").json(Map.of("id", id, "values", Map.of("organizer_id", "x"))).send().expect(400);
        compat.put("/events/update").json(Map.of("id", id, "values", Map.of("title", 5))).send().expect(400);
        compat.put("/events/update").json(Map.of("id", id, "values", "title")).send().expect(400);
        compat.put("/events/update").raw("application/json", "{\"id\": " + id + ", \"values\": {").send().expect(400);
        compat.post("/events/delete").json(Map.of("id", List.of(id))).send().expect(400);
        compat.post("/events/delete").json(Map.of("id", "12abc")).send().expect(400);

        assertThat(compat.get("/events/get?id=" + id).send().expect(200).body().get("title").asString()).isEqualTo("Keep me");
    }

    @Test
    void anonymousChangesReachOnlyAnonymousEvents() {
        Session organizer = main.register("organizer");
        String uuid = main.createEvent(organizer, io.eventflow.catalog.EventCatalogIT.event("Someone else's"));
        long number = main.get("/api/v1/events/" + uuid).send().expect(200).body().get("number").asLong();

        compat.put("/events/update").json(Map.of("id", number, "values", Map.of("title", "hijacked"))).send().expect(403);
        compat.post("/events/delete").json(Map.of("id", number)).send().expect(403);

        assertThat(main.get("/api/v1/events/" + uuid).send().expect(200).body().get("title").asString())
                .isEqualTo("Someone else's");
    }

    @Test
    void aSignedInOrganizerWritesAsThemself() {
        Session organizer = main.register("organizer");
        JsonNode created = compat.post("/create").bearer(organizer)
                .json(Map.of("events", List.of(event("Mine", "Netanya")))).send().expect(200).body();
        long number = created.get("events").get(0).get("id").asLong();

        JsonNode view = main.get("/api/v1/events?q=Mine&size=100").send().expect(200).body();
        assertThat(view.get("items")).anyMatch(e -> e.get("number").asLong() == number
                && e.get("organizer_id").asString().equals(organizer.userId().toString()));
    }

    @Test
    void pushesCreationsChangesAndDeletionsToFeedClientsOnBothPorts() {
        try (WsClient onCompat = WsClient.connect(compat, "/ws/events"); WsClient onMain = WsClient.connect(main, "/ws/events")) {
            long id = create(event("Live " + UUID.randomUUID(), "Ashdod")).get("events").get(0).get("id").asLong();
            compat.put("/events/update").json(Map.of("id", id, "values", Map.of("location", "Ashkelon"))).send().expect(200);
            compat.post("/events/delete").json(Map.of("id", id)).send().expect(200);

            for (WsClient client : List.of(onCompat, onMain)) {
                client.next("event_created");
                client.next("event_updated");
                client.next("event_deleted");
            }
        }
    }

    @Test
    void servesAPageThatShowsTheSocketEvents() {
        var page = compat.get("/").send().expect(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("/ws/events").contains("console.log");
    }
}
