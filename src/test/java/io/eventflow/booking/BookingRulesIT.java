package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.identity.UserDeleted;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.DomainEvents;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/** Who may book, cancel and see what, and how capacity changes, cancellations and deletions move bookings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BookingRulesIT {

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    DomainEvents domainEvents;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
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

    private String event(int capacity) {
        Map<String, Object> event = EventCatalogIT.event("Bookable");
        event.put("capacity", capacity);
        return api.createEvent(organizer, event);
    }

    private Response book(Session user, String eventId) {
        return api.post("/api/v1/events/" + eventId + "/bookings").bearer(user).send();
    }

    private Session admin() {
        return api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
    }

    private String statusOf(String bookingId) {
        return api.get("/api/v1/bookings/" + bookingId).bearer(organizer).send().expect(200).body().get("status").asString();
    }

    private JsonNode stats(String eventId) {
        return api.get("/api/v1/events/" + eventId + "/stats").bearer(organizer).send().expect(200).body();
    }

    private long cancellationsOf(String bookingId) {
        return domainEvents.of(BookingEvents.BookingCancelled.class).filter(e -> e.bookingId().toString().equals(bookingId)).count();
    }

    @Test
    void aBookingIsConfirmedWhileSeatsAreLeftThenWaitlistedWithItsPosition() {
        String eventId = event(1);
        Response first = book(api.register("attendee"), eventId).expect(201);
        Response second = book(api.register("attendee"), eventId).expect(201);

        assertThat(first.body().get("status").asString()).isEqualTo("confirmed");
        assertThat(first.body().has("waitlist_position")).isFalse();
        assertThat(first.header("Location")).isEqualTo("/api/v1/bookings/" + first.body().get("id").asString());
        assertThat(second.body().get("status").asString()).isEqualTo("waitlisted");
        assertThat(second.body().get("waitlist_position").asInt()).isEqualTo(1);
        assertThat(domainEvents.of(BookingEvents.BookingConfirmed.class)
                .filter(e -> e.bookingId().toString().equals(first.body().get("id").asString()))).hasSize(1);
    }

    @Test
    void aNewcomerJoinsTheEndOfTheLineAfterPromotionsCancellationsAndMoreSeats() {
        String eventId = event(1);
        Response seat = book(api.register("attendee"), eventId).expect(201);
        book(api.register("attendee"), eventId).expect(201);
        Response third = book(api.register("attendee"), eventId).expect(201);
        Response fourth = book(api.register("attendee"), eventId).expect(201);
        assertThat(fourth.body().get("waitlist_position").asInt()).isEqualTo(3);

        // the seat holder leaves (number 1 gets the seat), then number 2 leaves the line: only the fourth is left
        api.delete("/api/v1/bookings/" + seat.body().get("id").asString()).bearer(organizer).send().expect(204);
        api.delete("/api/v1/bookings/" + third.body().get("id").asString()).bearer(organizer).send().expect(204);
        Response fifth = book(api.register("attendee"), eventId).expect(201);
        assertThat(fifth.body().get("waitlist_position").asInt()).isEqualTo(2);

        // one more seat takes the head of the line
        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("capacity", 2)).send().expect(200);
        assertThat(book(api.register("attendee"), eventId).expect(201).body().get("waitlist_position").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/bookings/" + fifth.body().get("id").asString()).bearer(organizer).send().body()
                .get("waitlist_position").asInt()).isEqualTo(1);
    }

    @Test
    void bookingTwiceIsAConflictAndAnIdempotentRetryReturnsTheFirstAnswer() {
        String eventId = event(10);
        Session user = api.register("attendee");

        Response first = api.post("/api/v1/bookings").bearer(user).header("Idempotency-Key", "retry-me-1")
                .json(Map.of("event_id", eventId)).send().expect(201);
        Response retry = api.post("/api/v1/bookings").bearer(user).header("Idempotency-Key", "retry-me-1")
                .json(Map.of("event_id", eventId)).send();
        Response again = book(user, eventId);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains(first.body().get("id").asString());
        assertThat(api.post("/api/v1/events/" + eventId + "/rsvp").bearer(user).send().status()).isEqualTo(409);
    }

    @Test
    void anRsvpIsABooking() {
        String eventId = event(10);
        Response rsvp = api.post("/api/v1/events/" + eventId + "/rsvp").bearer(api.register("attendee")).send();

        assertThat(rsvp.status()).isEqualTo(201);
        assertThat(rsvp.body().get("kind").asString()).isEqualTo("rsvp");
        assertThat(rsvp.body().get("status").asString()).isEqualTo("confirmed");
    }

    @Test
    void unknownCancelledAndStartedEventsCannotBeBooked() {
        Session user = api.register("attendee");
        assertThat(book(user, "0195f0c4-0000-7000-8000-000000000000").status()).isEqualTo(404);
        assertThat(book(user, "not-a-uuid").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/bookings").bearer(user).json(Map.of()).send().status()).isEqualTo(400);

        String cancelled = event(10);
        api.patch("/api/v1/events/" + cancelled).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);
        Response onCancelled = book(user, cancelled);
        assertThat(onCancelled.status()).isEqualTo(409);
        assertThat(onCancelled.body().get("detail").asString()).contains("cancelled");

        String started = event(10);
        clock.advance(Duration.ofDays(10).plusMinutes(5));
        Session later = api.login(user.username(), user.password());
        Response onStarted = book(later, started);
        assertThat(onStarted.status()).isEqualTo(409);
        assertThat(onStarted.body().get("detail").asString()).contains("started");
    }

    @Test
    void onlyTheHolderTheOrganizerOrAnAdminCanCancelAndOthersCannotEvenSeeIt() {
        String eventId = event(10);
        Session holder = api.register("attendee");
        Session stranger = api.register("attendee");
        String bookingId = book(holder, eventId).expect(201).body().get("id").asString();

        assertThat(api.delete("/api/v1/bookings/" + bookingId).bearer(stranger).send().status()).isEqualTo(404);
        assertThat(api.get("/api/v1/bookings/" + bookingId).bearer(stranger).send().status()).isEqualTo(404);
        assertThat(api.get("/api/v1/users/" + holder.userId() + "/bookings").bearer(stranger).send().status()).isEqualTo(403);
        assertThat(api.get("/api/v1/events/" + eventId + "/bookings").bearer(stranger).send().status()).isEqualTo(403);

        api.delete("/api/v1/bookings/" + bookingId).bearer(organizer).send().expect(204);
        assertThat(api.get("/api/v1/bookings/" + bookingId).bearer(holder).send().body().get("status").asString()).isEqualTo("cancelled");
        assertThat(api.delete("/api/v1/bookings/" + bookingId).bearer(holder).send().status()).isEqualTo(204); // twice: no change
        // a cancelled booking frees the user to book again
        assertThat(book(holder, eventId).status()).isEqualTo(201);
    }

    @Test
    void raisingTheCapacityPromotesTheWaitingListAndLoweringItBelowTheBookedSeatsIsRefused() {
        String eventId = event(1);
        book(api.register("attendee"), eventId).expect(201);
        Session second = api.register("attendee");
        Session third = api.register("attendee");
        book(second, eventId).expect(201);
        book(third, eventId).expect(201);

        JsonNode raised = api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("capacity", 2)).send().expect(200).body();
        // the answer counts the promotion it caused
        assertThat(raised.get("seats_taken").asInt()).isEqualTo(2);
        assertThat(raised.get("seats_left").asInt()).isZero();
        assertThat(api.get("/api/v1/users/me/bookings").bearer(second).send().body().at("/items/0/status").asString())
                .isEqualTo("confirmed");
        assertThat(api.get("/api/v1/users/me/bookings").bearer(third).send().body().at("/items/0/waitlist_position").asInt())
                .isEqualTo(1);

        Response lower = api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("capacity", 1)).send();
        assertThat(lower.status()).isEqualTo(409);
        assertThat(lower.body().at("/errors/0/field").asString()).isEqualTo("capacity");
        assertThat(api.get("/api/v1/events/" + eventId).send().body().get("capacity").asInt()).isEqualTo(2);

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json("{\"capacity\": null}").send().expect(200);
        assertThat(api.get("/api/v1/users/me/bookings").bearer(third).send().body().at("/items/0/status").asString())
                .isEqualTo("confirmed");
        assertThat(api.get("/api/v1/events/" + eventId).send().body().get("seats_taken").asInt()).isEqualTo(3);
    }

    @Test
    void deletingAnEventCancelsItsBookings() {
        String eventId = event(5);
        Session user = api.register("attendee");
        String bookingId = book(user, eventId).expect(201).body().get("id").asString();

        api.delete("/api/v1/events/" + eventId).bearer(organizer).send().expect(204);

        assertThat(api.get("/api/v1/bookings/" + bookingId).bearer(user).send().body().get("status").asString()).isEqualTo("cancelled");
        assertThat(domainEvents.of(BookingEvents.BookingCancelled.class)
                .filter(e -> e.bookingId().toString().equals(bookingId))).hasSize(1);
    }

    @Test
    void aMalformedIdempotencyKeyIsRefused() {
        String eventId = event(5);
        Response response = api.post("/api/v1/events/" + eventId + "/bookings").bearer(api.register("attendee"))
                .header("Idempotency-Key", "x".repeat(101)).send();

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void deletingAnAccountFreesItsSeatForTheWaitingList() {
        String eventId = event(1);
        Session leaving = api.register("attendee");
        Session alice = api.register("attendee");
        String seat = book(leaving, eventId).expect(201).body().get("id").asString();
        String waiting = book(alice, eventId).expect(201).body().get("id").asString();

        api.delete("/api/v1/users/" + leaving.userId()).bearer(admin()).send().expect(204);

        // after the account's deletion commits, from the outbox
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(statusOf(waiting)).isEqualTo("confirmed"));
        assertThat(statusOf(seat)).isEqualTo("cancelled");
        JsonNode event = api.get("/api/v1/events/" + eventId).send().expect(200).body();
        assertThat(event.get("seats_taken").asInt()).isEqualTo(1);
        assertThat(stats(eventId).get("waitlisted").asLong()).isZero();
        assertThat(domainEvents.of(BookingEvents.BookingPromoted.class)
                .filter(e -> e.bookingId().toString().equals(waiting))).hasSize(1);

        // the listener may run again (a retry after a crash): nothing moves twice
        transactions.executeWithoutResult(tx -> publisher.publishEvent(new UserDeleted(leaving.userId(), clock.instant())));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE :id AND completion_date IS NULL")
                .param("id", "%" + leaving.userId() + "%").query(Long.class).single() == 0);
        assertThat(statusOf(waiting)).isEqualTo("confirmed");
        String third = book(api.register("attendee"), eventId).expect(201).body().get("id").asString();
        assertThat(statusOf(third)).isEqualTo("waitlisted");
        assertThat(cancellationsOf(seat)).isEqualTo(1);
        assertThat(domainEvents.of(BookingEvents.BookingPromoted.class)
                .filter(e -> e.eventId().toString().equals(eventId))).hasSize(1);
    }

    @Test
    void deletingAnAccountLeavesItsBookingsOfAStartedEventAsHistory() {
        String eventId = event(1);
        Session leaving = api.register("attendee");
        Session alice = api.register("attendee");
        String seat = book(leaving, eventId).expect(201).body().get("id").asString();
        String waiting = book(alice, eventId).expect(201).body().get("id").asString();
        clock.advance(Duration.ofDays(10).plusMinutes(5)); // the event is under way

        api.delete("/api/v1/users/" + leaving.userId()).bearer(admin()).send().expect(204);

        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE :id AND completion_date IS NULL")
                .param("id", "%" + leaving.userId() + "%").query(Long.class).single() == 0);
        // nobody is promoted into an event that has begun, and its attendance stays as it was
        organizer = api.login(organizer.username(), organizer.password()); // the old token expired meanwhile
        assertThat(statusOf(seat)).isEqualTo("confirmed");
        assertThat(statusOf(waiting)).isEqualTo("waitlisted");
    }

    @Test
    void aDeletedAccountLeavesTheWaitingList() {
        String eventId = event(1);
        Session holder = api.register("attendee");
        Session leaving = api.register("attendee");
        Session last = api.register("attendee");
        book(holder, eventId).expect(201);
        String waiting = book(leaving, eventId).expect(201).body().get("id").asString();
        String after = book(last, eventId).expect(201).body().get("id").asString();

        api.delete("/api/v1/users/" + leaving.userId()).bearer(leaving).send().expect(204);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(statusOf(waiting)).isEqualTo("cancelled"));
        assertThat(api.get("/api/v1/bookings/" + after).bearer(last).send().body().get("waitlist_position").asInt()).isEqualTo(1);
        assertThat(stats(eventId).get("waitlisted").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/events/" + eventId).send().body().get("seats_taken").asInt()).isEqualTo(1);
    }

    @Test
    void deletingAnOrganizersAccountCancelsTheirUpcomingEventsAndTheirBookings() {
        String eventId = event(5);
        Session user = api.register("attendee");
        String bookingId = book(user, eventId).expect(201).body().get("id").asString();

        api.delete("/api/v1/users/" + organizer.userId()).bearer(organizer).send().expect(204);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                api.get("/api/v1/events/" + eventId).send().expect(200).body().get("status").asString()).isEqualTo("cancelled"));
        assertThat(api.get("/api/v1/bookings/" + bookingId).bearer(user).send().body().get("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/events/" + eventId).send().body().get("seats_taken").asInt()).isZero();
    }

    @Test
    void cancellingAnEventCancelsItsBookings() {
        String eventId = event(1);
        Session first = api.register("attendee");
        Session second = api.register("attendee");
        String seat = book(first, eventId).expect(201).body().get("id").asString();
        String waiting = book(second, eventId).expect(201).body().get("id").asString();

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);

        // in the same transaction as the cancellation: nothing to wait for
        assertThat(api.get("/api/v1/events/" + eventId).send().body().get("seats_taken").asInt()).isZero();
        assertThat(statusOf(seat)).isEqualTo("cancelled");
        assertThat(statusOf(waiting)).isEqualTo("cancelled");
        assertThat(stats(eventId).get("waitlisted").asLong()).isZero();
        assertThat(domainEvents.of(BookingEvents.BookingCancelled.class)
                .filter(e -> e.eventId().toString().equals(eventId) && e.byEventDeletion())).hasSize(2);

        // nobody is promoted into a cancelled event, whatever is cancelled afterwards
        api.delete("/api/v1/bookings/" + seat).bearer(organizer).send().expect(204);
        assertThat(statusOf(waiting)).isEqualTo("cancelled");
        assertThat(domainEvents.of(BookingEvents.BookingPromoted.class)
                .filter(e -> e.eventId().toString().equals(eventId))).isEmpty();
    }
}
