package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.Api.Session;

/** Seed 002's README, replayed on the compatibility port. */
class EventManagerApiIT extends CompatTestBase {

    private final String day = LocalDate.now(ZoneOffset.UTC).plusDays(40).toString();

    private JsonNode create(String title, String location, String date) {
        return compat.post("/events").json(Map.of("title", title, "location", location, "date", date)).send()
                .expect(201).body();
    }

    @Test
    void createsReadsUpdatesAndDeletesByIntegerId() {
        JsonNode created = create("Convention-1", "Tel Aviv", day);
        long id = created.get("id").asLong();
        assertThat(created.get("date").asString()).endsWith(" 00:00:00 GMT");
        assertThat(created.get("popularity").asInt()).isZero();

        assertThat(compat.get("/events?id=" + id).send().expect(200).body().get("title").asString()).isEqualTo("Convention-1");
        JsonNode updated = compat.put("/events?id=" + id).json(Map.of("location", "Bat Yam")).send().expect(200).body();
        assertThat(updated.get("location").asString()).isEqualTo("Bat Yam");
        assertThat(updated.get("title").asString()).isEqualTo("Convention-1");

        assertThat(compat.delete("/events?id=" + id).send().expect(200).body().get("message").asString()).isNotBlank();
        assertThat(compat.get("/events?id=" + id).send().expect(404).body().get("message").asString()).isNotBlank();
    }

    @Test
    void aDateAloneStartsAtMidnightAndLastsTheDefaultDuration() {
        JsonNode created = create("Dated " + UUID.randomUUID(), "Haifa", day);
        String uuid = jdbc.queryForObject("SELECT CAST(id AS VARCHAR) FROM events WHERE number = ?", String.class,
                created.get("id").asLong());
        JsonNode event = main.get("/api/v1/events/" + uuid).send().expect(200).body();

        Instant start = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(Instant.parse(event.get("start_time").asString())).isEqualTo(start);
        assertThat(Instant.parse(event.get("end_time").asString())).isEqualTo(start.plusSeconds(2 * 3600));
    }

    @Test
    void popularityIsCountedFromBookingsNotWritten() {
        JsonNode created = compat.post("/events").json(Map.of("title", "Popular", "location", "Eilat", "date", day,
                "popularity", 1000)).send().expect(201).body();
        assertThat(created.get("popularity").asInt()).isZero();

        String uuid = jdbc.queryForObject("SELECT CAST(id AS VARCHAR) FROM events WHERE number = ?", String.class,
                created.get("id").asLong());
        Session attendee = main.register("attendee");
        main.book(attendee, uuid);
        assertThat(compat.get("/events?id=" + created.get("id").asLong()).send().expect(200).body().get("popularity").asInt())
                .isEqualTo(1);
    }

    @Test
    void sortsNewestMostPopularAndSoonestFirst() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        long first = create("S1 " + tag, "Tel Aviv", LocalDate.parse(day).plusDays(2).toString()).get("id").asLong();
        long second = create("S2 " + tag, "Tel Aviv", LocalDate.parse(day).plusDays(1).toString()).get("id").asLong();

        List<Long> newest = ids(compat.get("/sort_by/creation_time").send().expect(200).body(), first, second);
        assertThat(newest).containsExactly(second, first);
        List<Long> soonest = ids(compat.get("/sort_by/date").send().expect(200).body(), first, second);
        assertThat(soonest).containsExactly(second, first);
        assertThat(compat.get("/sort_by/popularity").send().expect(200).body().isArray()).isTrue();
        assertThat(compat.get("/sort_by/name").send().expect(400).body().get("message").asString()).isNotBlank();
    }

    @Test
    void listsEveryEventAsABareArray() {
        long id = create("Listed " + UUID.randomUUID(), "Acre", day).get("id").asLong();
        JsonNode all = compat.get("/events").send().expect(200).body();
        assertThat(all.isArray()).isTrue();
        assertThat(all).anyMatch(e -> e.get("id").asLong() == id && e.has("date") && e.has("popularity"));
    }

    @Test
    void refusesBadInputWithoutWritingAnything() {
        long before = events();
        compat.post("/events").json(Map.of("title", "No date", "location", "X")).send().expect(400);
        compat.post("/events").json(Map.of("title", "Bad date", "location", "X", "date", "tomorrow")).send().expect(400);
        compat.post("/events").json(Map.of("title", 7, "location", "X", "date", day)).send().expect(400);
        compat.post("/events").json(Map.of("title", "Extra", "location", "X", "date", day, "owner", "me")).send().expect(400);
        compat.post("/events").raw("application/json", "[1, 2").send().expect(400);
        compat.post("/events").raw("text/plain", "title=x").send().expect(415);
        compat.post("/events").raw("application/json", "{\"title\": \"" + "x".repeat(300_000) + "\"}").send().expect(413);
        assertThat(events()).isEqualTo(before);

        compat.get("/events?id=x1").send().expect(400);
        compat.put("/events?id=0").json(Map.of("title", "t")).send().expect(400);
        compat.delete("/events?id=987654321").send().expect(404);
        compat.method("PATCH", "/events?id=1").json(Map.of("title", "t")).send().expect(405);
    }

    private static List<Long> ids(JsonNode array, long... wanted) {
        List<Long> keep = new ArrayList<>();
        for (long w : wanted) {
            keep.add(w);
        }
        List<Long> order = new ArrayList<>();
        array.forEach(e -> {
            if (keep.contains(e.get("id").asLong())) {
                order.add(e.get("id").asLong());
            }
        });
        return order;
    }
}
