package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import tools.jackson.databind.JsonNode;

/** Finding events: text, filters, geo, sorting and paging, and what the search refuses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventSearchIT {

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    Api api;
    Session organizer;
    String mine;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
        mine = "organizer_id=" + organizer.userId();
    }

    private String publish(String title, String description, String location, String category, int daysAhead,
            Double latitude, Double longitude, Double price) {
        Map<String, Object> event = EventCatalogIT.event(title);
        Instant start = Instant.now().plus(daysAhead, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        event.put("description", description);
        event.put("location", location);
        event.put("category", category);
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        event.put("latitude", latitude);
        event.put("longitude", longitude);
        event.put("price", price);
        return api.createEvent(organizer, event);
    }

    private JsonNode search(String query) {
        return api.get("/api/v1/events?" + mine + "&" + query).send().expect(200).body();
    }

    private static List<String> titles(JsonNode page) {
        List<String> titles = new ArrayList<>();
        page.get("items").forEach(item -> titles.add(item.get("title").asString()));
        return titles;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void textSearchMatchesPartsOfWordsInTitleDescriptionAndLocationIgnoringCase() {
        publish("Kotlin Workshop", "Coroutines in depth", "Berlin Mitte", "workshop", 3, null, null, null);
        publish("Jazz Evening", "Live music by the KOTLINERS", "Hamburg", "concert", 4, null, null, null);
        publish("Rust Meetup", "Ownership explained", "Kotlinstrasse 5, Munich", "meetup", 5, null, null, null);
        publish("Go Meetup", "Goroutines", "Paris", "meetup", 6, null, null, null);

        assertThat(titles(search("q=kotl"))).containsExactlyInAnyOrder("Kotlin Workshop", "Jazz Evening", "Rust Meetup");
        assertThat(titles(search("q=" + encode("KOTLIN meetup")))).containsExactly("Rust Meetup");
        assertThat(titles(search("q=routines"))).containsExactlyInAnyOrder("Kotlin Workshop", "Go Meetup");
        assertThat(search("q=nothing-like-this").get("total").asLong()).isZero();
    }

    @Test
    void likeWildcardsAndSqlInTheQueryAreTakenLiterally() {
        publish("100% fun", "no_underscore here", "Rome", "party", 3, null, null, null);
        publish("1000 fun", "plain", "Rome", "party", 4, null, null, null);

        assertThat(titles(search("q=" + encode("100%")))).containsExactly("100% fun");
        assertThat(titles(search("q=" + encode("o_u")))).containsExactly("100% fun");
        assertThat(search("q=" + encode("%")).get("total").asLong()).isEqualTo(1);
        Response injection = api.get("/api/v1/events?" + mine + "&q=" + encode("' OR 1=1 --")).send();
        assertThat(injection.status()).isEqualTo(200);
        assertThat(injection.body().get("total").asLong()).isZero();
        assertThat(api.get("/api/v1/events?where=" + encode("category:x' OR '1'='1")).send().status()).isEqualTo(200);
    }

    @Test
    void filtersByPartialOrExactLocationCategoryAndDateRange() {
        publish("A", "", "Tel Aviv Port", "concert", 3, null, null, null);
        publish("B", "", "Tel Aviv", "meetup", 20, null, null, null);
        publish("C", "", "Jerusalem", "meetup", 40, null, null, null);

        assertThat(titles(search("location=" + encode("tel aviv")))).containsExactlyInAnyOrder("A", "B");
        assertThat(titles(search("where=" + encode("location:tel aviv")))).containsExactly("B");
        assertThat(titles(search("category=meetup"))).containsExactlyInAnyOrder("B", "C");
        String from = Instant.now().plus(10, ChronoUnit.DAYS).toString();
        String to = Instant.now().plus(30, ChronoUnit.DAYS).toString();
        assertThat(titles(search("from=" + from + "&to=" + to))).containsExactly("B");
        assertThat(titles(search("where=category:meetup&where=" + encode("location:jerusalem")))).containsExactly("C");
    }

    @Test
    void findsEventsNearAPointWithTheirDistanceNearestFirst() {
        publish("Tel Aviv", "", "Tel Aviv", "meetup", 3, 32.0853, 34.7818, null);
        publish("Jaffa", "", "Jaffa", "meetup", 3, 32.0504, 34.7522, null);
        publish("Jerusalem", "", "Jerusalem", "meetup", 3, 31.7683, 35.2137, null);
        publish("Nowhere", "", "Online", "meetup", 3, null, null, null);

        JsonNode close = search("near=32.0853,34.7818&radius_km=10");
        assertThat(titles(close)).containsExactly("Tel Aviv", "Jaffa");
        assertThat(close.at("/items/0/distance_km").asDouble()).isZero();
        assertThat(close.at("/items/1/distance_km").asDouble()).isBetween(4.0, 5.0);

        JsonNode wide = search("near=32.0853,34.7818&radius_km=100&sort=-distance");
        assertThat(titles(wide)).containsExactly("Jerusalem", "Jaffa", "Tel Aviv");
        assertThat(wide.at("/items/0/distance_km").asDouble()).isBetween(50.0, 60.0);
        assertThat(search("sort=title").at("/items/0").has("distance_km")).isFalse();
    }

    @Test
    void findsAnEventJustInsideTheRadius() {
        publish("Edge", "", "Gulf of Guinea", "meetup", 3, 0.0899, 0.0, null); // 9.996 km north of 0,0

        assertThat(titles(search("near=0,0&radius_km=10"))).containsExactly("Edge");
    }

    @Test
    void findsEventsAcrossTheAntimeridian() {
        publish("Fiji east", "", "Suva", "meetup", 3, -18.0, 179.9, null);
        publish("Fiji west", "", "Taveuni", "meetup", 3, -18.0, -179.9, null);

        assertThat(titles(search("near=-18.0,179.95&radius_km=50"))).containsExactlyInAnyOrder("Fiji east", "Fiji west");
    }

    @Test
    void sortsByMultipleKeysAndRejectsUnknownOnesNamingTheAllowedFields() {
        publish("Same", "", "X", "meetup", 5, null, null, 20.0);
        publish("Same", "", "X", "meetup", 3, null, null, 10.0);
        publish("Other", "", "X", "meetup", 4, null, null, null);

        JsonNode sorted = search("sort=title,-start_time");
        assertThat(titles(sorted)).containsExactly("Other", "Same", "Same");
        assertThat(sorted.at("/items/1/price").asDouble()).isEqualTo(20.0);
        assertThat(search("sort=-price").at("/items/0/title").asString()).isEqualTo("Other"); // unpriced last ascending, first descending

        Response unknown = api.get("/api/v1/events?sort=password_hash").send();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("detail").asString()).contains("start_time", "created_at", "popularity", "title", "price", "distance");
        assertThat(api.get("/api/v1/events?sort=distance").send().status()).isEqualTo(400);
        Response unknownWhere = api.get("/api/v1/events?where=" + encode("password_hash:x")).send();
        assertThat(unknownWhere.status()).isEqualTo(400);
        assertThat(unknownWhere.body().get("detail").asString()).contains("category", "location");
    }

    @Test
    void theWholeCatalogPagesInOrderWithItsTotalOnEveryPage() {
        String run = "Browse " + System.nanoTime() + " ";
        for (int i = 0; i < 5; i++) {
            publish(run + i, "", "X", "meetup", 3000 + i, null, null, null); // later than any other test's events
        }
        long all = Objects.requireNonNull(jdbc.queryForObject("SELECT COUNT(*) FROM events", Long.class));

        JsonNode first = api.get("/api/v1/events?size=2&sort=-start_time").send().expect(200).body();
        assertThat(titles(first)).containsExactly(run + 4, run + 3);
        assertThat(first.get("total").asLong()).isEqualTo(all);
        long lastPage = (all - 1) / 2;
        JsonNode last = api.get("/api/v1/events?size=2&sort=-start_time&page=" + lastPage).send().expect(200).body();
        assertThat(last.get("items")).isNotEmpty(); // the last page's total comes from its own rows, not a count
        assertThat(last.get("total").asLong()).isEqualTo(all);
        JsonNode past = api.get("/api/v1/events?size=2&sort=-start_time&page=" + (lastPage + 1)).send().expect(200).body();
        assertThat(past.get("items")).isEmpty();
        assertThat(past.get("total").asLong()).isEqualTo(all);

        // the home page's shape (upcoming, scheduled, by start time) agrees with the same filters narrowed to this run
        String from = Instant.now().plus(2999, ChronoUnit.DAYS).toString();
        JsonNode upcoming = api.get("/api/v1/events?size=100&where=status:scheduled&sort=start_time&from=" + from)
                .send().expect(200).body();
        assertThat(titles(upcoming)).containsSubsequence(run + 0, run + 1, run + 2, run + 3, run + 4);
        assertThat(upcoming.get("total").asLong()).isEqualTo(upcoming.get("items").size());
    }

    @Test
    void pagesAreCappedStableAndComplete() {
        for (int i = 0; i < 7; i++) {
            publish("Paged " + i, "", "X", "meetup", 3 + (i % 2), null, null, null); // equal start times: the id breaks ties
        }

        JsonNode capped = search("size=10000");
        assertThat(capped.get("size").asInt()).isEqualTo(100);
        assertThat(capped.get("total").asLong()).isEqualTo(7);

        Set<String> seen = new HashSet<>();
        for (int page = 0; page < 3; page++) {
            search("size=3&page=" + page).get("items").forEach(item -> assertThat(seen.add(item.get("id").asString())).isTrue());
        }
        assertThat(seen).hasSize(7);
        assertThat(search("size=3&page=5").get("items")).isEmpty();
        assertThat(api.get("/api/v1/events?page=-1").send().status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?size=abc").send().status()).isEqualTo(400);
    }

    @Test
    void filtersByHighestPriceAndFreeCountingAnEventWithoutAPriceAsFree() {
        publish("No price", "", "Haifa", "meetup", 3, null, null, null);
        publish("Zero", "", "Haifa", "meetup", 4, null, null, 0.0);
        publish("Ten", "", "Haifa", "meetup", 5, null, null, 10.0);
        publish("Edge", "", "Haifa", "meetup", 6, null, null, 25.5);
        publish("Dear", "", "Haifa", "meetup", 7, null, null, 30.0);

        assertThat(titles(search("max_price=25.5"))).containsExactly("No price", "Zero", "Ten", "Edge");
        assertThat(titles(search("max_price=25.499"))).containsExactly("No price", "Zero", "Ten");
        assertThat(titles(search("max_price=0"))).containsExactly("No price", "Zero");
        assertThat(titles(search("max_price=99999999"))).hasSize(5);
        assertThat(titles(search("free=true"))).containsExactly("No price", "Zero");
        assertThat(titles(search("free=false"))).hasSize(5);
        assertThat(titles(search("free=true&max_price=20&sort=-price"))).containsExactlyInAnyOrder("No price", "Zero");
        for (String query : List.of("max_price=-1", "max_price=abc", "max_price=1e", "free=maybe")) {
            Response response = api.get("/api/v1/events?" + mine + "&" + query).send();
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
        }
    }

    @Test
    void malformedFiltersAre400() {
        for (String query : List.of("near=91,0", "near=abc", "near=1,2&radius_km=0", "radius_km=5", "from=yesterday",
                "organizer_id=42", "where=category")) {
            Response response = api.get("/api/v1/events?" + query).send();
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
        }
    }
}
