package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Parallel;
import tools.jackson.databind.JsonNode;

/** A rush on one event over real parallel HTTP requests against PostgreSQL: never oversold, never undersold. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BookingConcurrencyIT {

    @LocalServerPort
    int port;

    @Test
    void fiveHundredUsersRushFiftySeatsAndCancellationsPromoteTheWaitingListInOrder() throws Exception {
        Api api = new Api(port);
        Session organizer = api.register("organizer");
        Map<String, Object> event = EventCatalogIT.event("The rush");
        event.put("capacity", 50);
        String eventId = api.createEvent(organizer, event);
        List<Session> users = Parallel.run(16, IntStream.range(0, 500).<Callable<Session>>mapToObj(i -> () -> api.register("attendee")).toList());

        List<Response> answers = Parallel.run(100, users.stream().<Callable<Response>>map(user ->
                () -> api.post("/api/v1/events/" + eventId + "/bookings").bearer(user).send()).toList());

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.text()).isEqualTo(201));
        List<JsonNode> confirmed = answers.stream().map(Response::body).filter(b -> b.get("status").asString().equals("confirmed")).toList();
        List<JsonNode> waitlisted = answers.stream().map(Response::body).filter(b -> b.get("status").asString().equals("waitlisted")).toList();
        assertThat(confirmed).hasSize(50);
        assertThat(waitlisted).hasSize(450);
        assertThat(positions(api, organizer, eventId)).isEqualTo(IntStream.rangeClosed(1, 450).boxed().toList());
        JsonNode after = api.get("/api/v1/events/" + eventId).send().body();
        assertThat(after.get("seats_left").asInt()).isZero();
        assertThat(after.get("seats_taken").asInt()).isEqualTo(50);

        // 20 seat holders cancel at once: exactly the first 20 in line move up, in order
        List<String> firstInLine = waitlistInOrder(api, organizer, eventId).subList(0, 20);
        List<Session> cancelling = users.stream()
                .filter(u -> confirmed.stream().anyMatch(c -> c.get("user_id").asString().equals(u.userId().toString())))
                .limit(20).toList();
        List<Response> cancels = Parallel.run(20, cancelling.stream().<Callable<Response>>map(user -> () -> {
            String bookingId = confirmed.stream().filter(c -> c.get("user_id").asString().equals(user.userId().toString()))
                    .findFirst().orElseThrow().get("id").asString();
            return api.delete("/api/v1/bookings/" + bookingId).bearer(user).send();
        }).toList());
        assertThat(cancels).allSatisfy(c -> assertThat(c.status()).isEqualTo(204));

        JsonNode list = api.get("/api/v1/events/" + eventId + "/bookings?size=100&page=0").bearer(organizer).send().body();
        assertThat(list.get("total").asLong()).isEqualTo(500);
        for (String promoted : firstInLine) {
            assertThat(api.get("/api/v1/bookings/" + promoted).bearer(organizer).send().body().get("status").asString())
                    .isEqualTo("confirmed");
        }
        assertThat(positions(api, organizer, eventId)).isEqualTo(IntStream.rangeClosed(1, 430).boxed().toList());
        assertThat(api.get("/api/v1/events/" + eventId).send().body().get("seats_left").asInt()).isZero();
    }

    @Test
    void tenIdenticalRequestsOfOneUserMakeOneBooking() throws Exception {
        Api api = new Api(port);
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Once"));
        Session user = api.register("attendee");

        List<Response> answers = Parallel.run(10, IntStream.range(0, 10).<Callable<Response>>mapToObj(i ->
                () -> api.post("/api/v1/events/" + eventId + "/bookings").bearer(user).send()).toList());

        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(1);
        assertThat(answers.stream().filter(a -> a.status() == 409)).hasSize(9)
                // refused before the event's lock or, when racing the first, by the unique key: the same clear answer
                .allSatisfy(a -> assertThat(a.body().get("detail").asString()).startsWith("You already have a"));
        assertThat(api.get("/api/v1/users/me/bookings").bearer(user).send().body().get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/events/" + eventId).send().body().get("seats_taken").asInt()).isEqualTo(1);
    }

    private static List<String> waitlistInOrder(Api api, Session organizer, String eventId) {
        List<JsonNode> waiting = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            api.get("/api/v1/events/" + eventId + "/bookings?size=100&page=" + page).bearer(organizer).send().body().get("items")
                    .forEach(b -> {
                        if (b.get("status").asString().equals("waitlisted")) {
                            waiting.add(b);
                        }
                    });
        }
        waiting.sort((a, b) -> Integer.compare(a.get("waitlist_position").asInt(), b.get("waitlist_position").asInt()));
        return waiting.stream().map(b -> b.get("id").asString()).toList();
    }

    private static List<Integer> positions(Api api, Session organizer, String eventId) {
        List<Integer> positions = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            api.get("/api/v1/events/" + eventId + "/bookings?size=100&page=" + page).bearer(organizer).send().body().get("items")
                    .forEach(b -> {
                        if (b.get("status").asString().equals("waitlisted")) {
                            positions.add(b.get("waitlist_position").asInt());
                        }
                    });
        }
        Collections.sort(positions);
        return positions;
    }
}
