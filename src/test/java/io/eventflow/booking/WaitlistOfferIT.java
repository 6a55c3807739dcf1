package io.eventflow.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.eventflow.booking.BookingEvents.BookingCancelled;
import io.eventflow.booking.BookingEvents.BookingOffered;
import io.eventflow.booking.BookingEvents.BookingPromoted;
import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.DomainEvents;
import io.eventflow.support.FormBrowser;
import io.eventflow.support.Parallel;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Waiting-list offers on PostgreSQL: in an event's offer mode a freed seat is held for the first in line until they
 * accept or decline it or it expires; every way of getting it wrong is a clear 4xx that changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WaitlistOfferIT {

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    DomainEvents domainEvents;
    @Autowired
    OfferExpiry expiry;
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

    private String offerEvent(int capacity, String ttl) {
        Map<String, Object> event = EventCatalogIT.event("Offers");
        event.put("capacity", capacity);
        event.put("waitlist_mode", "offer");
        event.put("offer_ttl", ttl);
        return api.createEvent(organizer, event);
    }

    private JsonNode read(String bookingId) {
        return api.get("/api/v1/bookings/" + bookingId).bearer(organizer).send().expect(200).body();
    }

    private String statusOf(String bookingId) {
        return read(bookingId).get("status").asString();
    }

    private JsonNode event(String eventId) {
        return api.get("/api/v1/events/" + eventId).send().expect(200).body();
    }

    private Response accept(Session user, String bookingId) {
        return api.post("/api/v1/bookings/" + bookingId + "/accept").bearer(user).send();
    }

    private Response decline(Session user, String bookingId) {
        return api.post("/api/v1/bookings/" + bookingId + "/decline").bearer(user).send();
    }

    /** One seat held by {@code holder}, {@code waiting} in line behind it. */
    private record Line(String eventId, Session holder, String seat, List<Session> users, List<String> bookings) {
    }

    private Line line(String ttl, int waiting) {
        String eventId = offerEvent(1, ttl);
        Session holder = api.register("attendee");
        String seat = api.book(holder, eventId).get("id").asString();
        List<Session> users = new ArrayList<>();
        List<String> bookings = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            Session user = api.register("attendee");
            users.add(user);
            bookings.add(api.book(user, eventId).get("id").asString());
        }
        return new Line(eventId, holder, seat, users, bookings);
    }

    @Test
    void theEventReadsBackItsWaitlistModeAndOfferTime() {
        String eventId = offerEvent(5, "PT2H");
        JsonNode created = event(eventId);
        assertThat(created.get("waitlist_mode").asString()).isEqualTo("offer");
        assertThat(created.get("offer_ttl").asString()).isEqualTo("PT2H");

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("waitlist_mode", "auto")).send().expect(200);
        JsonNode patched = event(eventId);
        assertThat(patched.get("waitlist_mode").asString()).isEqualTo("auto");
        assertThat(patched.get("offer_ttl").asString()).as("kept for a switch back").isEqualTo("PT2H");

        String plain = api.createEvent(organizer, EventCatalogIT.event("Default"));
        assertThat(event(plain).get("waitlist_mode").asString()).isEqualTo("auto");
        assertThat(event(plain).get("offer_ttl").isNull()).isTrue();
    }

    @Test
    void rejectsAWaitlistModeOrOfferTimeItDoesNotKnow() {
        for (Map.Entry<String, String> bad : List.of(Map.entry("waitlist_mode", "sometimes"), Map.entry("offer_ttl", "12h"),
                Map.entry("offer_ttl", "PT10S"), Map.entry("offer_ttl", "P30D"))) {
            Map<String, Object> event = EventCatalogIT.event("Bad " + bad.getKey());
            event.put(bad.getKey(), bad.getValue());
            Response refused = api.post("/api/v1/events").bearer(organizer).json(event).send();
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo(bad.getKey());
        }
    }

    @Test
    void aFreedSeatIsOfferedToTheFirstInLineHeldForThemAndConfirmedOnAccept() {
        Line line = line("PT3H", 2);
        Instant before = clock.instant();

        api.delete("/api/v1/bookings/" + line.seat()).bearer(line.holder()).send().expect(204);

        JsonNode offered = api.get("/api/v1/bookings/" + line.bookings().get(0)).bearer(line.users().get(0)).send().expect(200).body();
        assertThat(offered.get("status").asString()).isEqualTo("offered");
        Instant expires = Instant.parse(offered.get("offer_expires_at").asString());
        assertThat(expires).isBetween(before.plus(Duration.ofHours(3)), clock.instant().plus(Duration.ofHours(3)));
        assertThat(offered.has("waitlist_position")).isFalse();
        assertThat(read(line.bookings().get(1)).get("waitlist_position").asInt()).as("the second moved up").isEqualTo(1);
        // the seat is held: a newcomer joins the line behind everyone
        assertThat(event(line.eventId()).get("seats_left").asInt()).isZero();
        Session newcomer = api.register("attendee");
        JsonNode late = api.book(newcomer, line.eventId());
        assertThat(late.get("status").asString()).isEqualTo("waitlisted");
        assertThat(late.get("waitlist_position").asInt()).isEqualTo(2);
        JsonNode stats = api.get("/api/v1/events/" + line.eventId() + "/stats").bearer(organizer).send().expect(200).body();
        assertThat(stats.get("offered").asLong()).isEqualTo(1);
        assertThat(stats.get("waitlisted").asLong()).isEqualTo(2);
        assertThat(stats.get("confirmed").asLong()).isZero();
        assertThat(domainEvents.of(BookingOffered.class).filter(o -> o.bookingId().toString().equals(line.bookings().get(0))))
                .singleElement().satisfies(o -> assertThat(o.expiresAt()).isEqualTo(expires));
        // told in the app, with the ways to answer
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<JsonNode> offers = new ArrayList<>();
            api.get("/api/v1/notifications").bearer(line.users().get(0)).send().expect(200).body().get("items").forEach(n -> {
                if (n.get("type").asString().equals("booking_offered")) {
                    offers.add(n);
                }
            });
            assertThat(offers)
                    .singleElement().satisfies(n -> {
                        assertThat(n.get("data").get("accept_url").asString())
                                .isEqualTo("/api/v1/bookings/" + line.bookings().get(0) + "/accept");
                        assertThat(n.get("data").get("decline_url").asString()).endsWith("/decline");
                    });
        });

        JsonNode accepted = accept(line.users().get(0), line.bookings().get(0)).expect(200).body();

        assertThat(accepted.get("status").asString()).isEqualTo("confirmed");
        assertThat(accepted.has("offer_expires_at")).isFalse();
        assertThat(event(line.eventId()).get("seats_taken").asInt()).isEqualTo(1);
        assertThat(domainEvents.of(BookingPromoted.class).filter(p -> p.bookingId().toString().equals(line.bookings().get(0))))
                .hasSize(1);
        assertThat(statusOf(line.bookings().get(1))).isEqualTo("waitlisted");
    }

    @Test
    void theEventPageShowsTheOfferWithItsDeadlineInTheEventsZoneAndAcceptsIt() {
        Map<String, Object> event = EventCatalogIT.event("Page");
        event.put("capacity", 1);
        event.put("timezone", "Europe/Berlin");
        event.put("waitlist_mode", "offer");
        event.put("offer_ttl", "PT2H");
        String eventId = api.createEvent(organizer, event);
        Session holder = api.register("attendee");
        Session next = api.register("attendee");
        String seat = api.book(holder, eventId).get("id").asString();
        String waiting = api.book(next, eventId).get("id").asString();
        api.delete("/api/v1/bookings/" + seat).bearer(holder).send().expect(204);
        Instant deadline = Instant.parse(read(waiting).get("offer_expires_at").asString());
        FormBrowser browser = new FormBrowser();
        browser.signIn(api, next.username(), next.password());

        String page = browser.get(api, "/events/" + eventId).body();

        assertThat(page).contains("A seat is waiting for you — accept by").contains("id=\"accept-offer\"")
                .contains(java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(deadline.atZone(java.time.ZoneId.of("Europe/Berlin"))))
                .contains("(Europe/Berlin)");
        var accepted = browser.post(api, "/bookings/" + waiting + "/accept", Map.of("_csrf", FormBrowser.csrf(page)));
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(statusOf(waiting)).isEqualTo("confirmed");
        var again = browser.post(api, "/bookings/" + waiting + "/accept", Map.of("_csrf", FormBrowser.csrf(page)));
        assertThat(again.statusCode()).as("accepted twice: the error page").isEqualTo(409);
        assertThat(browser.get(api, "/events/" + eventId).body()).contains("You have a seat.").doesNotContain("accept-offer");
    }

    @Test
    void aDeclinedOfferGoesToTheNextInLine() {
        Line line = line("PT1H", 2);
        api.delete("/api/v1/bookings/" + line.seat()).bearer(line.holder()).send().expect(204);

        JsonNode declined = decline(line.users().get(0), line.bookings().get(0)).expect(200).body();

        assertThat(declined.get("status").asString()).isEqualTo("cancelled");
        assertThat(statusOf(line.bookings().get(1))).isEqualTo("offered");
        assertThat(event(line.eventId()).get("seats_taken").asInt()).isEqualTo(1);
        // cancelling an offered booking is declining it, too
        api.delete("/api/v1/bookings/" + line.bookings().get(1)).bearer(line.users().get(1)).send().expect(204);
        assertThat(event(line.eventId()).get("seats_taken").asInt()).as("nobody left in line").isZero();
    }

    @Test
    void anExpiredOfferGoesToTheNextInLineExactlyOnceWhicheverNodeRunsTheJob() throws Exception {
        Line line = line("PT1M", 2);
        api.delete("/api/v1/bookings/" + line.seat()).bearer(line.holder()).send().expect(204);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        // several nodes' jobs at the same moment
        List<Integer> expired = Parallel.run(4, IntStream.range(0, 4).<Callable<Integer>>mapToObj(i -> expiry::expireDue).toList());

        assertThat(expired.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(1);
        assertThat(statusOf(line.bookings().get(0))).isEqualTo("cancelled");
        assertThat(statusOf(line.bookings().get(1))).isEqualTo("offered");
        assertThat(domainEvents.of(BookingCancelled.class).filter(c -> c.bookingId().toString().equals(line.bookings().get(0))))
                .as("expired exactly once").singleElement()
                .satisfies(c -> assertThat(c.offerExpiredAt()).as("the lapsed deadline, for the notice").isNotNull());
        assertThat(domainEvents.of(BookingOffered.class).filter(o -> o.bookingId().toString().equals(line.bookings().get(1))))
                .hasSize(1);
        assertThat(event(line.eventId()).get("seats_taken").asInt()).isEqualTo(1);
        // its holder is told that the offer lapsed, not merely that the booking is cancelled
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> told = new ArrayList<>();
            api.get("/api/v1/notifications").bearer(line.users().get(0)).send().expect(200).body().get("items").forEach(n -> {
                if (n.get("type").asString().equals("booking_cancelled")) {
                    told.add(n.get("data").get("message").asString());
                }
            });
            assertThat(told).singleElement().asString().contains("was not accepted by").contains("next in line");
        });
    }

    @Test
    void rejectsOfferAcceptedAfterExpiryAndChangesNothing() {
        Line line = line("PT1M", 1);
        api.delete("/api/v1/bookings/" + line.seat()).bearer(line.holder()).send().expect(204);
        String offered = line.bookings().get(0);
        String updatedAt = read(offered).get("updated_at").asString();
        clock.advance(Duration.ofMinutes(2));

        Response late = accept(line.users().get(0), offered);
        Response lateDecline = decline(line.users().get(0), offered);

        for (Response refused : List.of(late, lateDecline)) {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("detail").asString()).contains("expired");
        }
        JsonNode after = read(offered);
        if (after.get("status").asString().equals("offered")) { // unless the scheduled job expired it meanwhile
            assertThat(after.get("updated_at").asString()).isEqualTo(updatedAt);
        } else {
            assertThat(after.get("status").asString()).isEqualTo("cancelled");
        }
    }

    @Test
    void rejectsOfferAcceptedTwiceAndAnswersWithoutAnOffer() {
        Line line = line("PT1H", 2);
        api.delete("/api/v1/bookings/" + line.seat()).bearer(line.holder()).send().expect(204);
        accept(line.users().get(0), line.bookings().get(0)).expect(200);

        Response twice = accept(line.users().get(0), line.bookings().get(0));
        Response declineAccepted = decline(line.users().get(0), line.bookings().get(0));
        Response stillWaiting = accept(line.users().get(1), line.bookings().get(1));

        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().get("detail").asString()).contains("already holds a confirmed seat");
        assertThat(declineAccepted.status()).isEqualTo(409);
        assertThat(stillWaiting.status()).isEqualTo(409);
        assertThat(stillWaiting.body().get("detail").asString()).contains("number 1 on the waiting list");
        assertThat(statusOf(line.bookings().get(0))).isEqualTo("confirmed");
        assertThat(statusOf(line.bookings().get(1))).isEqualTo("waitlisted");
    }

    @Test
    void someoneElsesOfferIsNotFoundAndItsOrganizerOrAnAdminMayNotAnswerIt() {
        Line line = line("PT1H", 1);
        api.delete("/api/v1/bookings/" + line.seat()).bearer(line.holder()).send().expect(204);
        String offered = line.bookings().get(0);
        Session stranger = api.register("attendee");
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);

        assertThat(accept(stranger, offered).status()).isEqualTo(404);
        assertThat(decline(stranger, offered).status()).isEqualTo(404);
        assertThat(accept(organizer, offered).status()).isEqualTo(403);
        assertThat(decline(admin, offered).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/bookings/" + offered + "/accept").send().status()).isEqualTo(401);
        assertThat(accept(line.users().get(0), "0190a1b2-0000-7000-8000-000000000000").status()).isEqualTo(404);
        assertThat(accept(line.users().get(0), "not-a-uuid").status()).isEqualTo(400);
        assertThat(statusOf(offered)).isEqualTo("offered");
    }

    @Test
    void anOfferNeverOutlastsTheEventsStart() {
        Map<String, Object> event = EventCatalogIT.event("Soon");
        Instant start = clock.instant().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(Duration.ofHours(1)).toString());
        event.put("capacity", 1);
        event.put("waitlist_mode", "offer");
        event.put("offer_ttl", "PT12H");
        String eventId = api.createEvent(organizer, event);
        Session holder = api.register("attendee");
        Session next = api.register("attendee");
        String seat = api.book(holder, eventId).get("id").asString();
        String waiting = api.book(next, eventId).get("id").asString();

        api.delete("/api/v1/bookings/" + seat).bearer(holder).send().expect(204);

        assertThat(Instant.parse(read(waiting).get("offer_expires_at").asString())).isEqualTo(start);
    }

    /**
     * Twenty seats, sixty in line. Twenty holders cancel at once in two waves (offers expiring at two moments); when
     * the first wave's offers are expired, its holders try to accept them while the second wave accepts its own,
     * several nodes' expiry jobs run, and those next in line try to accept what is only now offered to them — all at
     * the same moment. Never more seats held than there are, nobody in line skipped, each offer resolved once.
     */
    @Test
    void twentyCancellationsWithOffersExpiringAndAcceptingAtOnceNeverOversellNorSkipAnyone() throws Exception {
        int capacity = 20;
        String eventId = offerEvent(capacity, "PT1M");
        List<Session> holders = Parallel.run(8, IntStream.range(0, capacity).<Callable<Session>>mapToObj(i -> () -> api.register("attendee")).toList());
        List<String> seats = new ArrayList<>();
        for (Session holder : holders) {
            seats.add(api.book(holder, eventId).get("id").asString());
        }
        List<Session> waiting = Parallel.run(8, IntStream.range(0, 60).<Callable<Session>>mapToObj(i -> () -> api.register("attendee")).toList());
        List<String> line = new ArrayList<>(); // in order of arrival
        for (Session user : waiting) {
            line.add(api.book(user, eventId).get("id").asString());
        }

        // first wave: ten cancellations at once, their offers expire a minute later
        List<Response> first = Parallel.run(10, IntStream.range(0, 10).<Callable<Response>>mapToObj(i ->
                () -> api.delete("/api/v1/bookings/" + seats.get(i)).bearer(holders.get(i)).send()).toList());
        assertThat(first).allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        clock.advance(Duration.ofSeconds(45));
        List<Response> second = Parallel.run(10, IntStream.range(10, 20).<Callable<Response>>mapToObj(i ->
                () -> api.delete("/api/v1/bookings/" + seats.get(i)).bearer(holders.get(i)).send()).toList());
        assertThat(second).allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        for (int i = 0; i < 20; i++) {
            assertThat(statusOf(line.get(i))).as("the first twenty in line are offered a seat, in order").isEqualTo("offered");
        }
        assertThat(statusOf(line.get(20))).isEqualTo("waitlisted");
        clock.advance(Duration.ofSeconds(16)); // the first wave's offers are 1 s past their time, the second's not

        List<Callable<Object>> race = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int n = i;
            race.add(() -> accept(waiting.get(n), line.get(n)));
        }
        for (int i = 0; i < 4; i++) {
            race.add(expiry::expireDue);
        }
        List<Object> outcomes = Parallel.run(race.size(), race);

        for (int i = 0; i < 10; i++) {
            Response late = (Response) outcomes.get(i);
            assertThat(late.status()).as("an expired offer cannot be accepted").isEqualTo(409);
            assertThat(statusOf(line.get(i))).isEqualTo("cancelled");
        }
        for (int i = 10; i < 20; i++) {
            assertThat(((Response) outcomes.get(i)).status()).as("an offer in time is accepted").isEqualTo(200);
            assertThat(statusOf(line.get(i))).isEqualTo("confirmed");
        }
        for (int i = 20; i < 30; i++) {
            Response answer = (Response) outcomes.get(i);
            String status = statusOf(line.get(i));
            // offered by the expiry only now: accepted if the offer came first, else still offered
            assertThat(answer.status() == 200 ? "confirmed" : "offered").as(answer.text()).isEqualTo(status);
        }
        for (int i = 30; i < 60; i++) {
            JsonNode still = read(line.get(i));
            assertThat(still.get("status").asString()).as("nobody behind is skipped").isEqualTo("waitlisted");
            assertThat(still.get("waitlist_position").asInt()).isEqualTo(i - 29);
        }
        long holding = jdbc.sql("SELECT COUNT(*) FROM bookings WHERE event_id = ? AND status IN ('confirmed', 'offered')")
                .param(java.util.UUID.fromString(eventId)).query(Long.class).single();
        JsonNode after = event(eventId);
        assertThat(holding).as("never oversold").isEqualTo(capacity);
        assertThat(after.get("seats_taken").asInt()).isEqualTo(capacity);
        assertThat(after.get("seats_left").asInt()).isZero();
        for (String booking : line) {
            assertThat(domainEvents.of(BookingOffered.class).filter(o -> o.bookingId().toString().equals(booking)).count())
                    .as("offered at most once").isLessThanOrEqualTo(1);
            assertThat(domainEvents.of(BookingCancelled.class).filter(c -> c.bookingId().toString().equals(booking)).count())
                    .as("resolved at most once").isLessThanOrEqualTo(1);
        }
        assertThat(domainEvents.of(BookingCancelled.class).filter(c -> line.subList(0, 10).contains(c.bookingId().toString())))
                .as("each expired offer expired exactly once").hasSize(10);
    }
}
