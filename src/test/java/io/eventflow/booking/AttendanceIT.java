package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestClock;

/** Arrival within the geofence and the time window, and the organizer's statistics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AttendanceIT {

    // EventCatalogIT.event places events at 32.0636, 34.7745 (Tel Aviv), 10 days ahead, 2 hours long
    private static final Map<String, Object> AT_THE_VENUE = Map.of("latitude", 32.0637, "longitude", 34.7746);
    private static final Map<String, Object> FIVE_KM_AWAY = Map.of("latitude", 32.1086, "longitude", 34.7745);

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
        Map<String, Object> event = EventCatalogIT.event("Arrivals");
        event.put("capacity", 1);
        eventId = api.createEvent(organizer, event);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Response arrive(Session user, Object body) {
        return api.post("/api/v1/events/" + eventId + "/arrival").bearer(user).json(body).send();
    }

    private Session again(Session user) {
        return api.login(user.username(), user.password());
    }

    @Test
    void aConfirmedAttendeeArrivesOnceWithinTheGeofenceAndTheWindow() {
        Session guest = api.register("attendee");
        api.book(guest, eventId);

        Response tooEarly = arrive(guest, AT_THE_VENUE);
        assertThat(tooEarly.status()).isEqualTo(422);
        assertThat(tooEarly.body().get("detail").asString()).contains("accepted from");

        clock.advance(Duration.ofDays(10).minusMinutes(30)); // half an hour before the start
        Session there = again(guest);
        Response far = arrive(there, FIVE_KM_AWAY);
        assertThat(far.status()).isEqualTo(422);
        assertThat(far.body().get("detail").asString()).containsPattern("You are 50\\d\\d m").contains("within 200 m");

        Response arrived = arrive(there, AT_THE_VENUE).expect(200);
        assertThat(arrived.body().get("distance_m").asLong()).isLessThan(200);
        assertThat(arrive(there, AT_THE_VENUE).status()).isEqualTo(409);

        Response stats = api.get("/api/v1/events/" + eventId + "/stats").bearer(again(organizer)).send().expect(200);
        assertThat(stats.body().get("arrival_count").asLong()).isEqualTo(1);
    }

    @Test
    void withoutAConfirmedBookingThereIsNoArrival() {
        Session first = api.register("attendee");
        Session waiting = api.register("attendee");
        api.book(first, eventId);
        api.book(waiting, eventId);
        clock.advance(Duration.ofDays(10).minusMinutes(30));

        assertThat(arrive(again(waiting), AT_THE_VENUE).status()).isEqualTo(403);
        assertThat(arrive(again(api.register("attendee")), AT_THE_VENUE).status()).isEqualTo(403);
    }

    @Test
    void refusesArrivalAndCheckInForACancelledEvent() {
        Session guest = api.register("attendee");
        String bookingId = api.book(guest, eventId).get("id").asString();
        String code = api.get("/api/v1/bookings/" + bookingId + "/ticket").bearer(guest).send().expect(200)
                .body().get("code").asString();
        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);
        clock.advance(Duration.ofDays(10).minusMinutes(30)); // inside the arrival window, at the door

        Response arrival = arrive(again(guest), AT_THE_VENUE);
        Response checkIn = api.post("/api/v1/events/" + eventId + "/check-in").bearer(again(organizer))
                .json(Map.of("code", code)).send();

        for (Response refused : java.util.List.of(arrival, checkIn)) {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.body().get("detail").asString()).contains("cancelled");
        }
        Response stats = api.get("/api/v1/events/" + eventId + "/stats").bearer(again(organizer)).send().expect(200);
        assertThat(stats.body().get("arrival_count").asLong()).isZero();
    }

    @Test
    void malformedPositionsAre400() {
        Session guest = api.register("attendee");
        assertThat(arrive(guest, Map.of("latitude", 200, "longitude", 0)).status()).isEqualTo(400);
        assertThat(arrive(guest, Map.of("latitude", 32.0)).status()).isEqualTo(400);
        assertThat(arrive(guest, "{\"latitude\": \"north\", \"longitude\": 1}").status()).isEqualTo(400);
    }

    @Test
    void theOrganizerSeesStatisticsAndNobodyElseDoes() {
        Session confirmed = api.register("attendee");
        api.post("/api/v1/events/" + eventId + "/rsvp").bearer(confirmed).send().expect(201);
        api.book(api.register("attendee"), eventId);
        Session cancels = api.register("attendee");
        String cancelled = api.book(cancels, eventId).get("id").asString();
        api.delete("/api/v1/bookings/" + cancelled).bearer(cancels).send().expect(204);

        Response stats = api.get("/api/v1/events/" + eventId + "/stats").bearer(organizer).send().expect(200);

        assertThat(stats.body().get("capacity").asInt()).isEqualTo(1);
        assertThat(stats.body().get("confirmed").asLong()).isEqualTo(1);
        assertThat(stats.body().get("waitlisted").asLong()).isEqualTo(1);
        assertThat(stats.body().get("cancelled").asLong()).isEqualTo(1);
        assertThat(stats.body().get("rsvp_count").asLong()).isEqualTo(1);
        assertThat(stats.body().get("fill_rate").asDouble()).isEqualTo(1.0);
        assertThat(api.get("/api/v1/events/" + eventId + "/stats").bearer(confirmed).send().status()).isEqualTo(403);
    }

    @Test
    void greatCircleDistanceMatchesAKnownValue() {
        // Tel Aviv to Jerusalem, about 54 km
        assertThat(Attendance.distanceMeters(32.0853, 34.7818, 31.7683, 35.2137)).isBetween(53_000.0, 55_000.0);
    }
}
