package io.eventflow.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.WsClient;
import tools.jackson.databind.JsonNode;

/**
 * Several events over one {@code /ws/events} connection ({@code watch}, for pages of event cards), and the live
 * waiting-list positions on {@code /ws/notifications} ({@code waitlist_position}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class WatchedEventsIT {

    @LocalServerPort
    int port;
    Api api;
    Session organizer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
    }

    @AfterEach
    void checkTheLog(CapturedOutput log) {
        assertThat(log.getAll()).doesNotContain(" ERROR ").doesNotContain("Exception");
    }

    private String event(String title, int capacity) {
        Map<String, Object> event = EventCatalogIT.event(title);
        event.put("capacity", capacity);
        return api.createEvent(organizer, event);
    }

    private static JsonNode availabilityOf(WsClient client, String eventId) {
        return client.next("availability", d -> d.get("event_id").asString().equals(eventId));
    }

    @Test
    void aWatchingConnectionGetsTheSeatsOfTheEventsItNamesInsteadOfTheWholeFeed() {
        String first = event("First card", 5);
        String second = event("Second card", 3);
        try (WsClient cards = WsClient.connect(api, "/ws/events")) {
            cards.send("watch", Map.of("event_ids", List.of(first, second, UUID.randomUUID().toString())));

            assertThat(availabilityOf(cards, first).get("seats_left").asInt()).isEqualTo(5);
            assertThat(availabilityOf(cards, second).get("seats_left").asInt()).isEqualTo(3);
            assertThat(cards.next("watching").get("event_ids").valueStream().map(JsonNode::asString))
                    .containsExactly(first, second); // the unknown one is left out

            api.book(api.register("attendee"), second);
            assertThat(availabilityOf(cards, second).get("seats_left").asInt()).isEqualTo(2);

            // the page's cards changed (htmx swapped the results): the set is replaced
            cards.send("watch", Map.of("event_ids", List.of(first)));
            assertThat(cards.next("watching").get("event_ids").valueStream().map(JsonNode::asString)).containsExactly(first);
            api.book(api.register("attendee"), second);
            api.book(api.register("attendee"), first);
            assertThat(availabilityOf(cards, first).get("seats_left").asInt()).isEqualTo(4);
            // traded for the events named: no catalog-wide frames, nothing more of the event left
            String created = event("Not on the page", 5);
            api.book(api.register("attendee"), first);
            assertThat(availabilityOf(cards, first).get("seats_left").asInt()).isEqualTo(3);
            assertThat(cards.received()).noneMatch(frame -> frame.toString().contains(created))
                    .noneMatch(frame -> frame.get("type").asString().equals("availability")
                            && frame.get("data").get("event_id").asString().equals(second)
                            && frame.get("data").get("seats_left").asInt() < 2);
        }
    }

    @Test
    void aWatchThatCannotBeFollowedGetsAnErrorAndTheConnectionStays() {
        String eventId = event("Watched wrongly", 5);
        try (WsClient cards = WsClient.connect(api, "/ws/events");
                WsClient single = WsClient.connect(api, "/ws/events/" + eventId)) {
            cards.send("watch", Map.of("event_ids", Collections.nCopies(51, eventId)));
            assertThat(cards.next("error").get("message").asString()).contains("At most 50");
            cards.send("watch", Map.of("event_ids", List.of(eventId, "42")));
            assertThat(cards.next("error").get("message").asString()).contains("\"42\"");
            cards.send("watch", Map.of("ids", List.of(eventId)));
            assertThat(cards.next("error").get("message").asString()).contains("event_ids");
            cards.send("subscribe", Map.of());
            assertThat(cards.next("error").get("message").asString()).contains("'watch'");
            cards.assertOpen();
            // nothing was changed by the refusals: still the whole feed
            String created = event("Still the whole feed", 5);
            assertThat(cards.next("event_created").get("id").asString()).isEqualTo(created);

            availabilityOf(single, eventId);
            single.send("watch", Map.of("event_ids", List.of(eventId))); // one event's connection watches that one
            assertThat(single.next("error").get("message").asString()).contains("only accepts 'ping'");
            single.assertOpen();
        }
    }

    @Test
    void aWaitingHolderIsToldTheirPlaceWhenSomeoneAheadLeavesTheLine() {
        String eventId = event("Long line", 1);
        Session seated = api.register("attendee");
        String seat = api.book(seated, eventId).get("id").asString();
        Session first = api.register("attendee");
        String firstBooking = api.book(first, eventId).get("id").asString();
        Session second = api.register("attendee");
        api.book(second, eventId);
        Session third = api.register("attendee");
        String thirdBooking = api.book(third, eventId).get("id").asString();

        try (WsClient firstFeed = WsClient.connect(api, "/ws/notifications?token=" + first.accessToken());
                WsClient thirdFeed = WsClient.connect(api, "/ws/notifications?token=" + third.accessToken())) {
            api.delete("/api/v1/bookings/" + firstBooking).bearer(first).send().expect(204);

            JsonNode left = firstFeed.next("waitlist_position");
            assertThat(left.get("status").asString()).isEqualTo("cancelled");
            assertThat(left.get("position").isNull()).isTrue();
            JsonNode moved = thirdFeed.next("waitlist_position", d -> d.get("position").asInt() == 2);
            assertThat(moved.get("booking_id").asString()).isEqualTo(thirdBooking);
            assertThat(moved.get("event_id").asString()).isEqualTo(eventId);
            assertThat(moved.get("status").asString()).isEqualTo("waitlisted");

            // the seat frees up: the first in line is promoted, the rest move up
            api.delete("/api/v1/bookings/" + seat).bearer(seated).send().expect(204);
            thirdFeed.next("waitlist_position", d -> d.get("position").asInt() == 1);
        }
    }
}
