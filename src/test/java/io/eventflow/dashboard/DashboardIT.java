package io.eventflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Parallel;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.WsClient;

/** The organizer's dashboards over the API, on PostgreSQL: figures after each kind of change, who may read them, pushes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardIT {

    // EventCatalogIT.event places events at 32.0636, 34.7745, 10 days ahead, 2 hours long
    private static final Map<String, Object> AT_THE_VENUE = Map.of("latitude", 32.0637, "longitude", 34.7746);

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    Api api;
    Session organizer;
    String eventId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("Dashboard");
        event.put("capacity", 2);
        eventId = api.createEvent(organizer, event);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private JsonNode dashboard(Session who) {
        return api.get("/api/v1/events/" + eventId + "/dashboard").bearer(who).send().expect(200).body();
    }

    private Session again(Session user) {
        return api.login(user.username(), user.password());
    }

    private static long sum(JsonNode points, String field) {
        long total = 0;
        for (JsonNode point : points) {
            total += point.get(field).asLong();
        }
        return total;
    }

    @Test
    void aSeatOfferedToTheWaitingListCountsAsTakenAndIsShownAsOffered() {
        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("waitlist_mode", "offer")).send().expect(200);
        Session first = api.register("attendee");
        Session second = api.register("attendee");
        Session third = api.register("attendee");
        String firstBooking = api.book(first, eventId).get("id").asString();
        api.book(second, eventId);
        api.book(third, eventId); // waitlisted: the event has two seats

        api.delete("/api/v1/bookings/" + firstBooking).bearer(first).send().expect(204); // offered to the third

        JsonNode d = dashboard(organizer);
        assertThat(d.get("seats_taken").asLong()).as("the offered seat is nobody else's").isEqualTo(2);
        assertThat(d.get("seats_left").asLong()).isZero();
        assertThat(d.get("offered").asLong()).isEqualTo(1);
        assertThat(d.get("waitlisted").asLong()).isZero();
        assertThat(d.get("check_ins").get("expected").asLong()).as("only confirmed seats are expected at the door").isEqualTo(1);
        JsonNode mine = api.get("/api/v1/organizer/dashboard").bearer(organizer).send().expect(200).body().get("items");
        assertThat(mine).anySatisfy(e -> {
            assertThat(e.get("event_id").asString()).isEqualTo(eventId);
            assertThat(e.get("seats_taken").asLong()).isEqualTo(2);
            assertThat(e.get("offered").asLong()).isEqualTo(1);
        });
    }

    @Test
    void figuresFollowBookingsCancellationsCheckInsArrivalsAndPhotos() throws Exception {
        JsonNode empty = dashboard(organizer);
        assertThat(empty.get("seats_taken").asLong()).isZero();
        assertThat(empty.get("capacity").asInt()).isEqualTo(2);
        assertThat(empty.get("check_ins").get("progress").isNull()).isTrue();
        assertThat(empty.get("bookings_over_time").get("points")).isEmpty();

        Session first = api.register("attendee");
        Session second = api.register("attendee");
        Session third = api.register("attendee");
        String firstBooking = api.book(first, eventId).get("id").asString();
        String secondBooking = api.book(second, eventId).get("id").asString();
        api.book(third, eventId); // waitlisted: the event has two seats

        JsonNode full = dashboard(organizer);
        assertThat(full.get("seats_taken").asLong()).isEqualTo(2);
        assertThat(full.get("seats_left").asLong()).isZero();
        assertThat(full.get("waitlisted").asLong()).isEqualTo(1);
        assertThat(full.get("fill_rate").asDouble()).isEqualTo(1.0);

        // the first cancels: the third is promoted into the seat
        api.delete("/api/v1/bookings/" + firstBooking).bearer(first).send().expect(204);
        String code = api.get("/api/v1/bookings/" + secondBooking + "/ticket").bearer(second).send().expect(200)
                .body().get("code").asString();

        clock.advance(Duration.ofDays(10).minusMinutes(30)); // at the door, half an hour before the start
        api.post("/api/v1/events/" + eventId + "/check-in").bearer(again(organizer)).json(Map.of("code", code)).send()
                .expect(200);
        api.post("/api/v1/events/" + eventId + "/arrival").bearer(again(second)).json(AT_THE_VENUE).send().expect(200);
        api.post("/api/v1/events/" + eventId + "/arrival").bearer(again(third)).json(AT_THE_VENUE).send().expect(200);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", png);
        api.post("/api/v1/events/" + eventId + "/photos").bearer(again(third))
                .file("photo", "p.png", "image/png", png.toByteArray()).send().expect(201);

        JsonNode d = dashboard(again(organizer));
        assertThat(d.get("event_id").asString()).isEqualTo(eventId);
        assertThat(d.get("seats_taken").asLong()).isEqualTo(2);
        assertThat(d.get("waitlisted").asLong()).isZero();
        assertThat(d.get("cancelled").asLong()).isEqualTo(1);
        assertThat(d.get("photos").asLong()).isEqualTo(1);
        JsonNode checkIns = d.get("check_ins");
        assertThat(checkIns.get("present").asLong()).isEqualTo(2);
        assertThat(checkIns.get("expected").asLong()).isEqualTo(2);
        assertThat(checkIns.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(checkIns.get("by_ticket").asLong()).isEqualTo(1);
        assertThat(checkIns.get("by_arrival").asLong()).isEqualTo(2);
        assertThat(checkIns.get("both").asLong()).isEqualTo(1);

        JsonNode bookings = d.get("bookings_over_time");
        assertThat(sum(bookings.get("points"), "booked")).isEqualTo(3);
        assertThat(sum(bookings.get("points"), "cancelled")).isEqualTo(1);
        JsonNode points = bookings.get("points");
        assertThat(points.get(points.size() - 1).get("total").asLong()).isEqualTo(2);
        assertThat(bookings.get("bucket_seconds").asLong()).isPositive();

        JsonNode series = d.get("check_ins_over_time");
        assertThat(sum(series.get("points"), "ticket")).isEqualTo(1);
        assertThat(sum(series.get("points"), "arrival")).isEqualTo(2);
        // an event two hours long (and the hour before it) is cut into minutes or five minutes, at most 96 buckets
        assertThat(series.get("bucket").asString()).isIn("1m", "5m");
    }

    @Test
    void onlyTheEventsOrganizerAndAdminsReadItsDashboard() {
        Session booked = api.register("attendee");
        api.book(booked, eventId);
        Session otherOrganizer = api.register("organizer");
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);

        assertThat(api.get("/api/v1/events/" + eventId + "/dashboard").send().status()).isEqualTo(401);
        for (Session refused : List.of(booked, otherOrganizer, api.register("attendee"))) {
            Response answer = api.get("/api/v1/events/" + eventId + "/dashboard").bearer(refused).send();
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
        }
        assertThat(api.get("/api/v1/events/" + UUID.randomUUID() + "/dashboard").bearer(organizer).send().status())
                .isEqualTo(404);
        assertThat(dashboard(admin).get("seats_taken").asLong()).isEqualTo(1);
    }

    @Test
    void refusesUnknownBucketsAndBucketsTooNarrowForTheSpan() {
        api.book(api.register("attendee"), eventId);
        clock.advance(Duration.ofDays(2));
        api.book(again(api.register("attendee")), eventId);
        Session organizerNow = again(organizer);

        Response unknown = api.get("/api/v1/events/" + eventId + "/dashboard?bucket=fortnight").bearer(organizerNow).send();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("errors").get(0).get("field").asString()).isEqualTo("bucket");

        // two days in minutes are 2,881 buckets: more than an answer may hold
        Response tooNarrow = api.get("/api/v1/events/" + eventId + "/dashboard?bucket=1m").bearer(organizerNow).send();
        assertThat(tooNarrow.status()).isEqualTo(422);
        assertThat(tooNarrow.contentType()).isEqualTo("application/problem+json");

        JsonNode hourly = api.get("/api/v1/events/" + eventId + "/dashboard?bucket=1h").bearer(organizerNow).send()
                .expect(200).body().get("bookings_over_time");
        assertThat(hourly.get("bucket").asString()).isEqualTo("1h");
        assertThat(hourly.get("bucket_seconds").asLong()).isEqualTo(3600);
        assertThat(hourly.get("points")).hasSize(2);
        JsonNode auto = dashboard(organizerNow).get("bookings_over_time");
        assertThat(auto.get("bucket").asString()).isEqualTo("1h"); // two days: 49 hourly buckets, the narrowest under 96
    }

    @Test
    void theOrganizersPageListsTheirOwnEventsWithTheirFigures() {
        String second = api.createEvent(organizer, EventCatalogIT.event("Dashboard two"));
        api.book(api.register("attendee"), eventId);
        api.book(api.register("attendee"), second);
        api.book(api.register("attendee"), second);
        api.createEvent(api.register("organizer"), EventCatalogIT.event("Someone else's"));

        JsonNode page = api.get("/api/v1/organizer/dashboard?size=10").bearer(organizer).send().expect(200).body();
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("size").asInt()).isEqualTo(10);
        Map<String, Long> seats = new java.util.HashMap<>();
        for (JsonNode item : page.get("items")) {
            seats.put(item.get("event_id").asString(), item.get("seats_taken").asLong());
            assertThat(item.get("photos").asLong()).isZero();
            assertThat(item.get("present").asLong()).isZero();
        }
        assertThat(seats).containsEntry(eventId, 1L).containsEntry(second, 2L);

        assertThat(api.get("/api/v1/organizer/dashboard").bearer(api.register("attendee")).send().status()).isEqualTo(403);
        assertThat(api.get("/api/v1/organizer/dashboard").send().status()).isEqualTo(401);
        assertThat(api.get("/api/v1/organizer/dashboard?page=-1").bearer(organizer).send().status()).isEqualTo(400);
        assertThat(api.get("/api/v1/organizer/dashboard?sort=nonsense").bearer(organizer).send().status()).isEqualTo(400);
    }

    @Test
    void aRushOfBookingsIsSignalledAFewTimesNotOncePerBooking() throws Exception {
        List<Session> guests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guests.add(api.register("attendee"));
        }
        try (WsClient watching = WsClient.connect(api, "/ws/events/" + eventId);
                WsClient organizersOwn = WsClient.connect(api, "/ws/notifications?token=" + organizer.accessToken())) {
            watching.next("availability");
            List<java.util.concurrent.Callable<JsonNode>> rush = new ArrayList<>();
            for (Session guest : guests) {
                rush.add(() -> api.book(guest, eventId));
            }
            Parallel.run(8, rush);

            JsonNode signal = watching.next("dashboard_changed");
            assertThat(signal.get("event_id").asString()).isEqualTo(eventId);
            assertThat(signal.size()).isEqualTo(1); // a public channel: no figures
            assertThat(organizersOwn.next("dashboard_changed").get("event_id").asString()).isEqualTo(eventId);
            List<JsonNode> more = watching.collect("dashboard_changed", Duration.ofSeconds(3));
            assertThat(1 + more.size()).isLessThan(guests.size() / 2);
        }
        JsonNode d = dashboard(organizer);
        assertThat(d.get("seats_taken").asLong() + d.get("waitlisted").asLong()).isEqualTo(20);
    }
}
