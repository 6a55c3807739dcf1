package io.eventflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Integer event numbers for older APIs: assigned by the database, shown with every event, looked up by
 * number, and the streamed listing ({@link EventCatalog#forEach}) over them, against PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventNumbersIT {

    @LocalServerPort
    int port;
    @Autowired
    EventCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;
    Api api;
    Session organizer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
    }

    private JsonNode publish(Map<String, Object> event) {
        return api.post("/api/v1/events").bearer(organizer).json(event).send().expect(201).body();
    }

    private static Map<String, Object> event(String title, Instant start) {
        Map<String, Object> event = EventCatalogIT.event(title);
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        return event;
    }

    private List<EventView> list(EventListing listing) {
        List<EventView> views = new ArrayList<>();
        catalog.forEach(listing, views::add);
        return views;
    }

    private List<EventView> mine(String orderBy, boolean descending) {
        return list(new EventListing("organizer_id", organizer.userId().toString(), orderBy, descending));
    }

    @Test
    void numbersAreAssignedIncreasingAndUniqueAndShownWithEveryEvent() {
        JsonNode first = publish(EventCatalogIT.event("Numbered one"));
        JsonNode second = publish(EventCatalogIT.event("Numbered two"));
        List<Map<String, Object>> items = List.of(EventCatalogIT.event("Batch a"), EventCatalogIT.event("Batch b"),
                EventCatalogIT.event("Batch c"));
        JsonNode batch = api.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", items)).send()
                .expect(201).body().get("items");

        List<Long> numbers = new ArrayList<>(List.of(first.get("number").asLong(), second.get("number").asLong()));
        batch.forEach(item -> numbers.add(item.get("number").asLong()));
        assertThat(numbers).doesNotHaveDuplicates().isSorted().allMatch(n -> n > 0);

        JsonNode read = api.get("/api/v1/events/" + second.get("id").asString()).send().expect(200).body();
        assertThat(read.get("number").asLong()).isEqualTo(numbers.get(1));
        assertThat(read.propertyNames().stream().toList()).startsWith("id", "number"); // right after id
        JsonNode page = api.get("/api/v1/events?organizer_id=" + organizer.userId() + "&sort=created_at").send()
                .expect(200).body();
        List<Long> listed = new ArrayList<>();
        page.get("items").forEach(item -> listed.add(item.get("number").asLong()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(numbers);

        // a change keeps the number
        JsonNode changed = api.patch("/api/v1/events/" + first.get("id").asString()).bearer(organizer)
                .json(Map.of("title", "Numbered one, renamed")).send().expect(200).body();
        assertThat(changed.get("number").asLong()).isEqualTo(numbers.getFirst());
    }

    @Test
    void findsAnEventAndItsIdByNumberAndNothingForAnUnknownNumber() {
        JsonNode created = publish(EventCatalogIT.event("Found by number"));
        long number = created.get("number").asLong();
        UUID id = UUID.fromString(created.get("id").asString());

        EventView view = catalog.viewByNumber(number);
        assertThat(view.id()).isEqualTo(id);
        assertThat(view.number()).isEqualTo(number);
        assertThat(view.title()).isEqualTo("Found by number");
        assertThat(catalog.idByNumber(number)).isEqualTo(id);

        long unknown = Long.MAX_VALUE;
        assertThatThrownBy(() -> catalog.viewByNumber(unknown)).isInstanceOf(EventNotFound.class)
                .hasMessageContaining("number " + unknown)
                .extracting(e -> ((DomainException) e).kind()).isEqualTo(DomainException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> catalog.idByNumber(-1)).isInstanceOf(EventNotFound.class);
    }

    @Test
    void aListingMatchesExactlyOnEveryKindOfField() {
        String place = "Numbered Hall " + UUID.randomUUID();
        Instant start = Instant.parse("2077-05-01T10:00:00Z").plusSeconds(ThreadLocalRandom.current().nextInt(1_000_000));
        Map<String, Object> a = event("Listing a", start);
        a.put("location", place);
        a.put("category", "numbers-a");
        Map<String, Object> b = event("Listing b", start.plusSeconds(60));
        b.put("location", place + " Annex"); // the same words and more: not an exact match
        Map<String, Object> c = event("Listing c", start.plusSeconds(120));
        c.put("location", place.toUpperCase(java.util.Locale.ROOT));
        JsonNode ea = publish(a);
        JsonNode eb = publish(b);
        JsonNode ec = publish(c);
        String cancelled = eb.get("id").asString();
        api.patch("/api/v1/events/" + cancelled).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);
        api.book(api.register("attendee"), ec.get("id").asString()); // popularity 1

        assertThat(titles(list(EventListing.atLocation(place.toLowerCase(java.util.Locale.ROOT)))))
                .containsExactly("Listing a", "Listing c");
        assertThat(titles(list(new EventListing("number", ea.get("number").asString(), "number", false))))
                .containsExactly("Listing a");
        assertThat(titles(list(new EventListing("organizer_id", organizer.userId().toString(), "number", false))))
                .containsExactly("Listing a", "Listing b", "Listing c"); // cancelled events are listed too
        assertThat(titles(list(new EventListing("CATEGORY", "Numbers-A", "number", false)))).containsExactly("Listing a");
        assertThat(titles(list(new EventListing("start_time", start.toString(), "number", false))))
                .containsExactly("Listing a");
        // a local date-time is read as UTC; an offset is honoured
        String local = start.plusSeconds(120).toString().replace("Z", "");
        assertThat(titles(list(new EventListing("start_time", local, "number", false)))).containsExactly("Listing c");
        String withOffset = start.plusSeconds(60).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertThat(titles(list(new EventListing("start_time", withOffset, "number", false)))).containsExactly("Listing b");

        // fields shared with other tests' events: all that match, ours among them, none of ours that do not
        List<EventView> cancelledOnes = list(new EventListing("status", "Cancelled", "number", false));
        assertThat(cancelledOnes).allMatch(v -> v.status() == EventStatus.CANCELLED);
        assertThat(ids(cancelledOnes)).contains(cancelled).doesNotContain(ea.get("id").asString(), ec.get("id").asString());
        List<EventView> popular = list(new EventListing("popularity", "1", "number", false));
        assertThat(popular).allMatch(v -> v.popularity() == 1);
        assertThat(ids(popular)).contains(ec.get("id").asString()).doesNotContain(ea.get("id").asString());

        // values are bound, never SQL
        assertThat(list(new EventListing("title", "x' OR '1'='1", "number", false))).isEmpty();
    }

    @Test
    void aListingOrdersByEveryAllowedFieldEitherWayWithTheNumberBreakingTies() {
        Instant start = Instant.now().plus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> events = new ArrayList<>();
        String[] titles = {"Bravo", "Alpha", "Charlie", "Alpha"}; // a tie on title
        for (int i = 0; i < titles.length; i++) {
            Map<String, Object> event = event(titles[i], start.plus((i * 7) % 4, ChronoUnit.HOURS));
            event.put("end_time", start.plus(10 - i, ChronoUnit.HOURS).toString());
            event.put("description", "About " + titles[(i + 1) % titles.length]);
            event.put("category", i % 2 == 0 ? "talk" : null); // null sorts last ascending, first descending
            event.put("location", i == 2 ? null : "Room " + (3 - i));
            events.add(event);
        }
        List<String> ids = new ArrayList<>();
        events.forEach(event -> ids.add(publish(event).get("id").asString()));
        api.patch("/api/v1/events/" + ids.get(1)).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);
        api.book(api.register("attendee"), ids.get(2));

        Map<String, Function<EventView, ? extends Comparable<?>>> keys = new LinkedHashMap<>();
        keys.put("number", EventView::number);
        keys.put("title", EventView::title);
        keys.put("description", EventView::description);
        keys.put("location", EventView::location);
        keys.put("category", EventView::category);
        keys.put("status", v -> v.status().wireName());
        keys.put("start_time", EventView::startTime);
        keys.put("end_time", EventView::endTime);
        keys.put("created_at", EventView::createdAt);
        keys.put("updated_at", EventView::updatedAt);
        keys.put("popularity", EventView::popularity);
        keys.put("organizer_id", EventView::organizerId);
        assertThat(keys.keySet()).containsExactlyElementsOf(EventListingQuery.FIELDS);

        for (var key : keys.entrySet()) {
            for (boolean descending : new boolean[] {false, true}) {
                List<EventView> listed = mine(key.getKey(), descending);
                assertThat(listed).as(key.getKey()).hasSize(4);
                assertThat(listed).as(key.getKey() + (descending ? " descending" : ""))
                        .isSortedAccordingTo(order(key.getValue(), descending));
            }
        }
        assertThat(titles(mine("title", false))).containsExactly("Alpha", "Alpha", "Bravo", "Charlie");
        List<EventView> alphasLast = mine("title", true);
        assertThat(alphasLast.get(2).number()).isLessThan(alphasLast.get(3).number()); // ties by number, ascending
        assertThat(mine("popularity", true).getFirst().id().toString()).isEqualTo(ids.get(2));
    }

    /** The database's order: the key (nulls last ascending, first descending), then the number ascending. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<EventView> order(Function<EventView, ? extends Comparable<?>> key, boolean descending) {
        Comparator<Comparable> natural = Comparator.naturalOrder();
        Comparator<Comparable> byKey = descending ? Comparator.nullsFirst(natural.reversed()) : Comparator.nullsLast(natural);
        return Comparator.<EventView, Comparable>comparing(v -> (Comparable) key.apply(v), byKey)
                .thenComparingLong(EventView::number);
    }

    @Test
    void aListingRefusesUnknownFieldsAndBadValuesBeforeItRuns() {
        Map<EventListing, String> refused = new LinkedHashMap<>();
        refused.put(new EventListing("password_hash", "x", "number", false), "where");
        refused.put(new EventListing(null, null, "title; DROP TABLE events", false), "order_by");
        refused.put(new EventListing(null, null, "price", false), "order_by");
        refused.put(new EventListing("title", null, "number", false), "where");
        refused.put(new EventListing(null, "Jazz", "number", false), "where");
        refused.put(new EventListing("number", "1.5", "number", false), "number");
        refused.put(new EventListing("popularity", "many", "number", false), "popularity");
        refused.put(new EventListing("organizer_id", "42", "number", false), "organizer_id");
        refused.put(new EventListing("start_time", "yesterday", "number", false), "start_time");
        refused.put(new EventListing("updated_at", "0001-01-01T00:00:00Z", "number", false), "updated_at");
        refused.put(new EventListing("status", "deleted", "number", false), "status");

        AtomicInteger calls = new AtomicInteger();
        refused.forEach((listing, field) -> assertThatThrownBy(() -> catalog.forEach(listing, v -> calls.incrementAndGet()))
                .as(listing.toString())
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo(field)));
        assertThat(calls).hasValue(0);
        assertThatThrownBy(() -> catalog.forEach(new EventListing("nope", "x", "number", false), v -> { }))
                .hasMessageContaining("must be one of [number, title, description, location, category, status, "
                        + "start_time, end_time, created_at, updated_at, popularity, organizer_id]");
    }

    @Test
    void aListingOfThousandsStreamsThemOneByOneThroughACursorInAReadOnlyTransaction() {
        int count = 5000;
        // stored directly, as bench/catalog loads its catalog: this is about reading them, and publishing thousands
        // through the API would run thousands of domain-event listeners first
        jdbc.update("""
                INSERT INTO events (id, title, description, start_time, end_time, timezone, geofence_radius_m,
                    organizer_id, status, popularity, seats_taken, search_text, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'Streamed ' || g, 'One of many', now() + INTERVAL '10 days',
                    now() + INTERVAL '10 days 2 hours', 'UTC', 200, ?, 'scheduled', 0, 0, 'streamed ' || g, now(), now(), 0
                FROM generate_series(1, ?) AS g""", organizer.userId(), count);

        AtomicInteger seen = new AtomicInteger();
        long[] last = {0};
        List<Map<String, Object>> cursors = new ArrayList<>();
        String[] readOnly = {null};
        catalog.forEach(new EventListing("organizer_id", organizer.userId().toString(), "number", false), view -> {
            if (seen.getAndIncrement() == 0) {
                // on the listing's own connection (bound to its transaction), while its statement is still open
                cursors.addAll(jdbc.queryForList("SELECT name, statement FROM pg_cursors"));
                readOnly[0] = jdbc.queryForObject("SHOW transaction_read_only", String.class);
            }
            assertThat(view.number()).isGreaterThan(last[0]);
            last[0] = view.number();
        });

        assertThat(seen).hasValue(count);
        assertThat(cursors).as("PostgreSQL serves the rows through a cursor, %d at a time", EventSearch.LISTING_FETCH_SIZE)
                .anySatisfy(cursor -> assertThat((String) cursor.get("statement")).contains("FROM events e"));
        assertThat(readOnly[0]).isEqualTo("on");
        assertThat(list(EventListing.all())).hasSizeGreaterThanOrEqualTo(count).isSortedAccordingTo(
                Comparator.comparingLong(EventView::number));
    }

    @Test
    void theMigrationNumbersExistingEventsInTheOrderTheyWerePublishedAndListingsRunOnPostgreSQLAndH2() throws Exception {
        String postgres = TestInfrastructure.createDatabase("numbers");
        assertNumbersExistingEvents(postgres, "postgres", "postgresql");
        String h2 = "jdbc:h2:mem:numbers" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        assertNumbersExistingEvents(h2, "sa", "h2");
    }

    private static void assertNumbersExistingEvents(String url, String user, String vendor) throws Exception {
        migrate(url, user, vendor, "17");
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            insert(connection, "third", "2024-03-01T00:00:00Z");
            insert(connection, "first", "2024-01-01T00:00:00Z");
            insert(connection, "second", "2024-02-01T00:00:00Z");
            migrate(url, user, vendor, "latest");
            insert(connection, "fourth", "2024-04-01T00:00:00Z"); // numbered by the database
            Map<String, Long> numbers = new HashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT title, number FROM events")) {
                while (rows.next()) {
                    numbers.put(rows.getString(1), rows.getLong(2));
                }
            }
            assertThat(numbers).as(vendor).containsExactlyInAnyOrderEntriesOf(
                    Map.of("first", 1L, "second", 2L, "third", 3L, "fourth", 4L));
            // and the listing's SQL runs on both (the embedded default is H2)
            DriverManagerDataSource dataSource = new DriverManagerDataSource(url, user, "");
            EventSearch search = new EventSearch(new NamedParameterJdbcTemplate(dataSource), dataSource,
                    new DataSourceTransactionManager(dataSource));
            Function<EventListing, List<String>> listed = listing -> {
                List<String> titles = new ArrayList<>();
                search.forEach(EventListingQuery.parse(listing), view -> titles.add(view.title()));
                return titles;
            };
            assertThat(listed.apply(EventListing.all())).as(vendor).containsExactly("first", "second", "third", "fourth");
            assertThat(listed.apply(new EventListing(null, null, "created_at", true))).as(vendor)
                    .containsExactly("fourth", "third", "second", "first");
            assertThat(listed.apply(new EventListing("title", "SECOND", "number", false))).as(vendor).containsExactly("second");
            assertThat(listed.apply(new EventListing("created_at", "2024-03-01T00:00:00", "title", false))).as(vendor)
                    .containsExactly("third");
            assertThat(listed.apply(new EventListing("number", "4", "title", false))).as(vendor).containsExactly("fourth");
            assertThat(listed.apply(new EventListing("status", "scheduled", "title", true))).as(vendor)
                    .containsExactly("third", "second", "fourth", "first");
            try (PreparedStatement duplicate = connection.prepareStatement("UPDATE events SET number = 1 WHERE title = 'fourth'")) {
                assertThatThrownBy(duplicate::executeUpdate).as(vendor + ": numbers are unique")
                        .isInstanceOf(java.sql.SQLException.class);
            }
        }
    }

    private static void migrate(String url, String user, String vendor, String target) {
        Flyway.configure().dataSource(url, user, "")
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .target(target).load().migrate();
    }

    private static void insert(Connection connection, String title, String createdAt) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO events (id, title, description, start_time, end_time, timezone, geofence_radius_m,
                    organizer_id, status, popularity, seats_taken, search_text, created_at, updated_at, version)
                VALUES (?, ?, '', ?, ?, 'UTC', 200, ?, 'scheduled', 0, 0, ?, ?, ?, 0)""")) {
            java.sql.Timestamp created = java.sql.Timestamp.from(Instant.parse(createdAt));
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, title);
            insert.setTimestamp(3, java.sql.Timestamp.from(Instant.parse("2030-01-01T10:00:00Z")));
            insert.setTimestamp(4, java.sql.Timestamp.from(Instant.parse("2030-01-01T12:00:00Z")));
            insert.setObject(5, UUID.randomUUID());
            insert.setString(6, title);
            insert.setTimestamp(7, created);
            insert.setTimestamp(8, created);
            insert.executeUpdate();
        }
    }

    private static List<String> titles(List<EventView> views) {
        return views.stream().map(EventView::title).toList();
    }

    private static Set<String> ids(List<EventView> views) {
        Set<String> ids = new HashSet<>();
        views.forEach(v -> ids.add(v.id().toString()));
        return ids;
    }
}
