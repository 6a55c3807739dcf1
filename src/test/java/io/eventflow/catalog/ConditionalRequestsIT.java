package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Parallel;

/**
 * Conditional requests on the catalog over real HTTP against PostgreSQL: revalidation with ETag (and Last-Modified
 * where the answer has an exact one) answered 304, conditional changes with If-Match answered 412 when stale.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConditionalRequestsIT {

    @LocalServerPort
    int port;
    Api api;
    Session organizer;
    String id;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
        id = api.createEvent(organizer, EventCatalogIT.event("Revalidation night"));
    }

    private Response read(String path, String... headers) {
        Api.Request request = api.get(path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.send();
    }

    private String tagOf(String path) {
        return read(path).expect(200).header("ETag");
    }

    private static void assertNotModified(Response response, String tag, String cacheControl) {
        assertThat(response.status()).isEqualTo(304);
        assertThat(response.text()).isEmpty();
        assertThat(response.header("ETag")).isEqualTo(tag);
        assertThat(response.raw().headers().allValues("Cache-Control")).containsExactly(cacheControl);
    }

    @Test
    void answers304ToTheEventsOwnTagWithItsHeadersAndNoBody() {
        Response first = read("/api/v1/events/" + id).expect(200);
        String tag = first.header("ETag");

        assertThat(tag).matches("\"ev1-v\\d+-s0-p0\"");
        assertThat(first.raw().headers().allValues("Cache-Control")).containsExactly("no-cache, public");
        // seat counts move without touching updated_at: a Last-Modified would let If-Modified-Since hide them
        assertThat(first.header("Last-Modified")).isNull();
        assertThat(first.raw().headers().allValues("Vary")).noneMatch(v -> v.contains("Authorization"));

        assertNotModified(read("/api/v1/events/" + id, "If-None-Match", tag), tag, "no-cache, public");
        assertNotModified(read("/api/v1/events/" + id, "If-None-Match", "W/" + tag), tag, "no-cache, public");
        assertNotModified(read("/api/v1/events/" + id, "If-None-Match", "\"ev1-v0-s9-p9\", " + tag), tag,
                "no-cache, public");
        assertNotModified(read("/api/v1/events/" + id, "If-None-Match", "*"), tag, "no-cache, public");
        // the same answer to a signed-in caller: the tag does not depend on who asks
        assertNotModified(api.get("/api/v1/events/" + id).bearer(organizer).header("If-None-Match", tag).send(), tag,
                "no-cache, public");
        assertThat(read("/api/v1/events/" + id, "If-None-Match", "\"ev1-v0-s9-p9\"").status()).isEqualTo(200);
        assertThat(api.method("HEAD", "/api/v1/events/" + id).header("If-None-Match", tag).send().status()).isEqualTo(304);
    }

    @Test
    void servesANewTagAfterAChangeAndAfterEachBooking() {
        String before = tagOf("/api/v1/events/" + id);

        api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("title", "Renamed")).send().expect(200);
        Response changed = read("/api/v1/events/" + id, "If-None-Match", before).expect(200);
        assertThat(changed.body().get("title").asString()).isEqualTo("Renamed");
        String afterChange = changed.header("ETag");
        assertThat(afterChange).isNotEqualTo(before);

        // a booking moves the seats, not the version: the tag still changes, so no client keeps a stale seat count
        api.book(api.register("attendee"), id);
        Response booked = read("/api/v1/events/" + id, "If-None-Match", afterChange).expect(200);
        assertThat(booked.body().get("seats_taken").asInt()).isEqualTo(1);
        assertThat(booked.header("ETag")).isNotEqualTo(afterChange).contains("-s1-");
        assertThat(booked.body().get("version").asLong()).isEqualTo(changed.body().get("version").asLong());
    }

    @Test
    void refusesAChangeWhoseIfMatchIsStaleWith412AndChangesNothing() {
        String tag = tagOf("/api/v1/events/" + id);
        Response first = api.patch("/api/v1/events/" + id).bearer(organizer).header("If-Match", tag)
                .json(Map.of("title", "First")).send().expect(200);
        String newTag = first.header("ETag");
        assertThat(newTag).isNotEqualTo(tag).isEqualTo(tagOf("/api/v1/events/" + id));

        for (String stale : List.of(tag, "W/" + newTag, "\"garbage\"", "garbage")) {
            Response refused = api.patch("/api/v1/events/" + id).bearer(organizer).header("If-Match", stale)
                    .json(Map.of("title", "Second")).send();
            assertThat(refused.status()).as(stale).isEqualTo(412);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.body().get("status").asInt()).isEqualTo(412);
            assertThat(refused.header("ETag")).isNull();
        }
        Map<String, Object> replacement = EventCatalogIT.event("Replaced");
        Response put = api.put("/api/v1/events/" + id).bearer(organizer).header("If-Match", tag).json(replacement).send();
        assertThat(put.status()).isEqualTo(412);
        assertThat(read("/api/v1/events/" + id).body().get("title").asString()).isEqualTo("First");
        assertThat(read("/api/v1/events/" + id).header("ETag")).isEqualTo(newTag);

        api.put("/api/v1/events/" + id).bearer(organizer).header("If-Match", newTag).json(replacement).send().expect(200);
        api.patch("/api/v1/events/" + id).bearer(organizer).header("If-Match", "*").json(Map.of("title", "Any")).send()
                .expect(200);
    }

    @Test
    void letsAConditionalChangeThroughWhenOnlyBookingsHappenedMeanwhile() {
        String tag = tagOf("/api/v1/events/" + id);
        api.book(api.register("attendee"), id);

        Response changed = api.patch("/api/v1/events/" + id).bearer(organizer).header("If-Match", tag)
                .json(Map.of("title", "Still mine to change")).send().expect(200);
        assertThat(changed.body().get("seats_taken").asInt()).isEqualTo(1);
    }

    @Test
    void letsOnlyOneOfTwoChangesWithTheSameIfMatchThrough() throws Exception {
        String tag = tagOf("/api/v1/events/" + id);
        List<Callable<Integer>> changes = List.of(
                () -> api.patch("/api/v1/events/" + id).bearer(organizer).header("If-Match", tag)
                        .json(Map.of("title", "Left")).send().status(),
                () -> api.patch("/api/v1/events/" + id).bearer(organizer).header("If-Match", tag)
                        .json(Map.of("title", "Right")).send().status());

        List<Integer> statuses = Parallel.run(2, changes);

        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
    }

    @Test
    void answersWhatWouldBeAnsweredWithoutTheConditionFirst() {
        String tag = tagOf("/api/v1/events/" + id);
        Session stranger = api.register("organizer");
        // not theirs: 403 whatever the precondition says
        assertThat(api.patch("/api/v1/events/" + id).bearer(stranger).header("If-Match", "\"ev1-v0-s0-p0\"")
                .json(Map.of("title", "Mine now")).send().status()).isEqualTo(403);
        Response unknown = read("/api/v1/events/" + UUID.randomUUID(), "If-None-Match", tag);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo("application/problem+json");
        assertThat(unknown.header("ETag")).isNull();
        Response notAcceptable = read("/api/v1/events/" + id, "Accept", "image/png");
        assertThat(notAcceptable.status()).isEqualTo(406);
        assertThat(notAcceptable.header("ETag")).isNull();
        // a read with a stale If-Match is refused as a problem too, never an empty 412
        Response staleRead = read("/api/v1/events/" + id, "If-Match", "\"ev1-v0-s9-p9\"");
        assertThat(staleRead.status()).isEqualTo(412);
        assertThat(staleRead.contentType()).isEqualTo("application/problem+json");
        assertThat(staleRead.header("ETag")).isNull();
    }

    @Test
    void revalidatesSearchesUntilAnEventInThemChanges() {
        String word = "etag" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> event = EventCatalogIT.event("Polling " + word);
        String other = api.createEvent(organizer, event);
        String search = "/api/v1/events?q=" + word;
        Response first = read(search).expect(200);
        String tag = first.header("ETag");

        assertThat(first.body().get("total").asInt()).isEqualTo(1);
        assertThat(tag).startsWith("W/\"");
        assertThat(first.raw().headers().allValues("Cache-Control")).containsExactly("no-cache, public");
        assertNotModified(read(search, "If-None-Match", tag), tag, "no-cache, public");

        api.book(api.register("attendee"), other);
        Response afterBooking = read(search, "If-None-Match", tag).expect(200);
        assertThat(afterBooking.header("ETag")).isNotEqualTo(tag);

        String near = "/api/v1/events?near=32.0636,34.7745&radius_km=1&q=" + word;
        String nearTag = tagOf(near);
        assertNotModified(read(near, "If-None-Match", nearTag), nearTag, "no-cache, public");
        api.patch("/api/v1/events/" + other).bearer(organizer).json(Map.of("latitude", 32.07)).send().expect(200);
        assertThat(read(near, "If-None-Match", nearTag).status()).isEqualTo(200); // its distance_km moved
    }

    @Test
    void marksTheOrganizersOwnListPrivateAndVaryingOnAuthorization() {
        Response own = api.get("/api/v1/organizer/events").bearer(organizer).send().expect(200);
        String tag = own.header("ETag");

        assertThat(own.raw().headers().allValues("Cache-Control")).containsExactly("no-cache, private");
        assertThat(String.join(",", own.raw().headers().allValues("Vary"))).contains("Authorization");
        Response again = api.get("/api/v1/organizer/events").bearer(organizer).header("If-None-Match", tag).send();
        assertNotModified(again, tag, "no-cache, private");
        assertThat(String.join(",", again.raw().headers().allValues("Vary"))).contains("Authorization");
        // another organizer's list is another answer
        Session other = api.register("organizer");
        assertThat(api.get("/api/v1/organizer/events").bearer(other).header("If-None-Match", tag).send().status())
                .isEqualTo(200);
    }

    @Test
    void revalidatesTheCalendarFileByTagAndByDate() {
        Response ics = read("/api/v1/events/" + id + ".ics").expect(200);
        String tag = ics.header("ETag");
        String lastModified = ics.header("Last-Modified");

        assertThat(tag).startsWith("\"ics1-v");
        assertThat(lastModified).isNotNull();
        assertThat(read("/api/v1/events/" + id + ".ics", "If-None-Match", tag).status()).isEqualTo(304);
        assertThat(read("/api/v1/events/" + id + ".ics", "If-Modified-Since", lastModified).status()).isEqualTo(304);
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().minusSeconds(3600).atOffset(ZoneOffset.UTC));
        assertThat(read("/api/v1/events/" + id + ".ics", "If-Modified-Since", earlier).status()).isEqualTo(200);

        api.patch("/api/v1/events/" + id).bearer(organizer).json(Map.of("title", "Moved on")).send().expect(200);
        Response changed = read("/api/v1/events/" + id + ".ics", "If-None-Match", tag).expect(200);
        assertThat(changed.text()).contains("Moved on");
        assertThat(changed.header("ETag")).isNotEqualTo(tag);
    }

    @Test
    void documentsRevalidationAndPreconditionsInTheOpenApiDocument() {
        tools.jackson.databind.JsonNode paths = api.get("/v3/api-docs").send().expect(200).body().get("paths");
        tools.jackson.databind.JsonNode read = paths.at("/~1api~1v1~1events~1{id}/get");

        assertThat(read.at("/responses/200/content").toString()).as(read.toString()).contains("/EventView");
        assertThat(read.at("/responses/304/description").asString()).contains("If-None-Match");
        assertThat(read.get("parameters").findValuesAsString("name")).contains("If-None-Match");
        for (String change : List.of("patch", "put")) {
            tools.jackson.databind.JsonNode operation = paths.at("/~1api~1v1~1events~1{id}/" + change);
            assertThat(operation.at("/responses/412/content").has("application/problem+json")).as(change).isTrue();
            assertThat(operation.at("/responses/200/content").toString()).as(change).contains("/EventView");
            assertThat(operation.get("parameters").findValuesAsString("name")).contains("If-Match");
        }
        assertThat(paths.at("/~1api~1v1~1events/get/responses/200/content").toString()).contains("PageView");
        assertThat(paths.at("/~1api~1v1~1events/get/responses").has("304")).isTrue();
        assertThat(paths.at("/~1api~1v1~1events~1{id}~1photos/get/responses").has("304")).isTrue();
        assertThat(paths.at("/~1api~1v1~1organizer~1events/get/responses").has("304")).isTrue();
        assertThat(paths.at("/~1api~1v1~1events~1{id}.ics/get/responses").has("304")).isTrue();
    }
}
