package io.eventflow.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.WsClient;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes sharing PostgreSQL and Redis, as behind a load balancer: a client connected to node A hears
 * about what happens through node B — catalog changes, seats, personal notifications and chat.
 */
class RealtimeClusterIT {

    private static final Nodes nodes = new Nodes();
    /** Small, and refilled slowly (one message per 10 s), so that the test's messages cannot outpace the refill. */
    private static final int CHAT_BURST = 4;
    private static Api nodeA;
    private static Api nodeB;

    @BeforeAll
    static void startTwoNodes() {
        // a channel (and rate-limit buckets) of this class alone: other test contexts on the same Redis do not
        // deliver into it
        Map<String, Object> cluster = Map.of("eventflow.redis.key-prefix",
                TestInfrastructure.redisPrefix() + "realtime-" + UUID.randomUUID() + ":",
                "eventflow.realtime.chat.burst", CHAT_BURST,
                "eventflow.realtime.chat.per-ten-seconds", 1);
        nodeA = nodes.start(cluster);
        nodeB = nodes.start(cluster);
    }

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    private static String createEvent(Session organizer, int capacity) {
        Map<String, Object> event = EventCatalogIT.event("Live on two nodes");
        event.put("capacity", capacity);
        return nodeB.createEvent(organizer, event);
    }

    @Test
    void aClientOnOneNodeSeesAnUpdateMadeThroughTheOther() {
        Session organizer = nodeB.register("organizer");
        String eventId = createEvent(organizer, 10);
        try (WsClient everything = WsClient.connect(nodeA, "/ws/events");
                WsClient oneEvent = WsClient.connect(nodeA, "/ws/events/" + eventId)) {
            oneEvent.next("availability");
            everything.assertOpen(); // subscribed before the change is made
            nodeB.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("title", "Moved to the big hall"))
                    .send().expect(200);

            for (WsClient client : new WsClient[] {everything, oneEvent}) {
                JsonNode update = client.next("event_updated");
                assertThat(update.get("id").asString()).isEqualTo(eventId);
                assertThat(update.at("/changes/title/old").asString()).isEqualTo("Live on two nodes");
                assertThat(update.at("/changes/title/new").asString()).isEqualTo("Moved to the big hall");
                assertThat(update.at("/event/title").asString()).isEqualTo("Moved to the big hall");
            }
        }
    }

    @Test
    void creationsAndDeletionsThroughOneNodeReachWatchersOnTheOther() {
        Session organizer = nodeB.register("organizer");
        try (WsClient everything = WsClient.connect(nodeA, "/ws/events")) {
            everything.assertOpen();
            String eventId = createEvent(organizer, 10);
            assertThat(everything.next("event_created").get("id").asString()).isEqualTo(eventId);
            nodeB.delete("/api/v1/events/" + eventId).bearer(organizer).send().expect(204);
            assertThat(everything.next("event_deleted").get("id").asString()).isEqualTo(eventId);
        }
    }

    @Test
    void aBatchThroughOneNodeReachesWatchersOnTheOtherAsOneFramePerEventInOrder() {
        Session organizer = nodeB.register("organizer");
        List<Map<String, Object>> items = IntStream.range(0, 25)
                .mapToObj(i -> EventCatalogIT.event("Batch on two nodes " + i)).toList();
        try (WsClient everything = WsClient.connect(nodeA, "/ws/events")) {
            everything.assertOpen();
            JsonNode created = nodeB.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", items))
                    .send().expect(201).body().get("items");

            List<String> sent = new ArrayList<>();
            created.forEach(item -> sent.add(item.get("id").asString()));
            List<String> heard = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                heard.add(everything.next("event_created").get("id").asString());
            }
            assertThat(heard).isEqualTo(sent);
        }
    }

    @Test
    void participantsHearThatTheirEventMovedButNotThatItsDescriptionChanged() {
        Session organizer = nodeB.register("organizer");
        Session attendee = nodeB.register("attendee");
        String eventId = createEvent(organizer, 10);
        nodeB.book(attendee, eventId);
        try (WsClient bell = WsClient.connect(nodeA, "/ws/notifications?token=" + attendee.accessToken())) {
            bell.assertOpen();
            nodeB.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("description", "Now with snacks")).send().expect(200);
            nodeB.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("location", "Hall B")).send().expect(200);

            JsonNode changed = bell.next("event_changed");
            assertThat(changed.at("/changes/location").asString()).isEqualTo("Hall B");
            assertThat(changed.get("changes").has("description")).isFalse();
            assertThat(changed.get("message").asString()).contains("location");
        }
    }

    @Test
    void aNodeThatShutsDownClosesItsConnectionsWithServiceRestart() {
        try (Nodes leaving = new Nodes()) {
            Api node = leaving.start(Map.of("eventflow.redis.key-prefix", TestInfrastructure.redisPrefix() + "leaving-" + UUID.randomUUID() + ":"));
            WsClient client = WsClient.connect(node, "/ws/events");
            client.assertOpen();
            leaving.stop(node);
            assertThat(client.awaitClose().code()).isEqualTo(1012);
        }
    }

    @Test
    void aBookingThroughOneNodeUpdatesSeatsOnTheOtherAndNotifiesTheAttendee() {
        Session organizer = nodeB.register("organizer");
        Session attendee = nodeB.register("attendee");
        String eventId = createEvent(organizer, 1);
        try (WsClient seats = WsClient.connect(nodeA, "/ws/events/" + eventId);
                WsClient personal = WsClient.connect(nodeA, "/ws/notifications?token=" + attendee.accessToken())) {
            JsonNode before = seats.next("availability");
            assertThat(before.get("seats_left").asInt()).isEqualTo(1);
            personal.assertOpen();

            String bookingId = nodeB.book(attendee, eventId).get("id").asString();

            JsonNode after = seats.next("availability");
            assertThat(after.get("seats_left").asInt()).isZero();
            assertThat(after.get("seats_taken").asInt()).isEqualTo(1);
            assertThat(after.get("waitlisted").asLong()).isZero();
            JsonNode confirmed = personal.next("booking_confirmed");
            assertThat(confirmed.get("booking_id").asString()).isEqualTo(bookingId);
            assertThat(confirmed.get("title").asString()).isEqualTo("Live on two nodes");

            nodeB.book(nodeB.register("attendee"), eventId);
            JsonNode full = seats.next("availability");
            assertThat(full.get("seats_left").asInt()).isZero();
            assertThat(full.get("waitlisted").asLong()).as("the one who came too late waits").isEqualTo(1);
        }
    }

    @Test
    void aPromotedAttendeeHearsOfItAndParticipantsHearOfACancellation() {
        Session organizer = nodeB.register("organizer");
        Session first = nodeB.register("attendee");
        Session second = nodeB.register("attendee");
        String eventId = createEvent(organizer, 1);
        String firstBooking = nodeB.book(first, eventId).get("id").asString();
        nodeB.book(second, eventId);
        try (WsClient secondsBell = WsClient.connect(nodeA, "/ws/notifications?token=" + second.accessToken())) {
            secondsBell.assertOpen();
            nodeB.delete("/api/v1/bookings/" + firstBooking).bearer(first).send().expect(204);
            assertThat(secondsBell.next("booking_promoted").get("event_id").asString()).isEqualTo(eventId);

            nodeB.delete("/api/v1/events/" + eventId).bearer(organizer).send().expect(204);
            JsonNode cancelled = secondsBell.next("event_cancelled");
            assertThat(cancelled.get("event_id").asString()).isEqualTo(eventId);
            assertThat(cancelled.get("message").asString()).contains("cancelled");
        }
    }

    @Test
    void chatMessagesReachParticipantsOnTheOtherNode() {
        Session organizer = nodeB.register("organizer");
        Session attendee = nodeB.register("attendee");
        String eventId = createEvent(organizer, 5);
        nodeB.book(attendee, eventId);

        try (WsClient host = WsClient.connect(nodeA, "/ws/chat/" + eventId + "?token=" + organizer.accessToken());
                WsClient guest = WsClient.connect(nodeB, "/ws/chat/" + eventId + "?token=" + attendee.accessToken())) {
            host.send("join_chat", Map.of());
            assertThat(host.next("recent_messages").get("messages")).isEmpty();
            guest.send("join_chat", Map.of());
            guest.next("recent_messages");
            // everyone in the room hears of a join, the one who joined included
            assertThat(host.next("user_joined", d -> !d.get("user_id").asString().equals(organizer.userId().toString()))
                    .get("username").asString()).isEqualTo(attendee.username());

            guest.send("send_message", Map.of("text", "Is there parking? <b>not bold</b>"));

            JsonNode heard = host.next("new_message");
            assertThat(heard.get("text").asString()).isEqualTo("Is there parking? <b>not bold</b>");
            assertThat(heard.get("user_id").asString()).isEqualTo(attendee.userId().toString());
            assertThat(guest.next("new_message").get("id").asString()).isEqualTo(heard.get("id").asString());

            guest.send("leave_chat", Map.of());
            assertThat(host.next("user_left").get("user_id").asString()).isEqualTo(attendee.userId().toString());
        }
    }

    @Test
    void aUsersChatLimitHoldsAcrossBothNodesAndForThatUserAlone() {
        Session organizer = nodeB.register("organizer");
        Session chatty = nodeB.register("attendee");
        Session other = nodeB.register("attendee");
        String eventId = createEvent(organizer, 5);
        nodeB.book(chatty, eventId);
        nodeB.book(other, eventId);
        String room = "/ws/chat/" + eventId + "?token=";

        try (WsClient onA = WsClient.connect(nodeA, room + chatty.accessToken());
                WsClient onB = WsClient.connect(nodeB, room + chatty.accessToken());
                WsClient othersTab = WsClient.connect(nodeA, room + other.accessToken())) {
            for (WsClient client : new WsClient[] {onA, onB, othersTab}) {
                client.send("join_chat", Map.of());
                client.next("recent_messages");
            }
            // the burst, spread over both nodes: each node alone would still allow more
            for (int i = 0; i < CHAT_BURST; i++) {
                WsClient via = i % 2 == 0 ? onA : onB;
                String text = "message " + i;
                via.send("send_message", Map.of("text", text));
                via.next("new_message", data -> data.get("text").asString().equals(text));
            }
            WsClient next = CHAT_BURST % 2 == 0 ? onA : onB;
            next.send("send_message", Map.of("text", "one too many"));

            assertThat(next.next("error").get("message").asString()).contains("too fast");
            next.assertOpen();
            othersTab.send("send_message", Map.of("text", "my turn"));
            assertThat(othersTab.next("new_message", data -> data.get("text").asString().equals("my turn"))
                    .get("user_id").asString()).isEqualTo(other.userId().toString());
        }
        JsonNode history = nodeA.get("/api/v1/events/" + eventId + "/messages").bearer(organizer).send().expect(200).body();
        assertThat(history.get("total").asLong()).isEqualTo(CHAT_BURST + 1);
    }

    @Test
    void aCancelledBookingTakesItsHolderOutOfTheChatOnEveryNode() {
        Session organizer = nodeB.register("organizer");
        Session attendee = nodeB.register("attendee");
        String eventId = createEvent(organizer, 5);
        String bookingId = nodeB.book(attendee, eventId).get("id").asString();

        try (WsClient host = WsClient.connect(nodeB, "/ws/chat/" + eventId + "?token=" + organizer.accessToken());
                WsClient guest = WsClient.connect(nodeA, "/ws/chat/" + eventId + "?token=" + attendee.accessToken())) {
            host.send("join_chat", Map.of());
            host.next("recent_messages");
            guest.send("join_chat", Map.of());
            guest.next("recent_messages");

            nodeB.delete("/api/v1/bookings/" + bookingId).bearer(attendee).send().expect(204);

            // out at once, on the other node too: it hears nothing more of the room
            assertThat(guest.next("error").get("message").asString()).contains("was cancelled");
            assertThat(guest.awaitClose().code()).isEqualTo(4403);
            assertThat(host.next("user_left").get("user_id").asString()).isEqualTo(attendee.userId().toString());
            host.assertOpen();
        }
    }

    @Test
    void signingOutClosesTheUsersConnectionsOnEveryNode() {
        Session user = nodeB.register("attendee");
        Session bystander = nodeB.register("attendee");

        try (WsClient personal = WsClient.connect(nodeA, "/ws/notifications?token=" + user.accessToken());
                WsClient other = WsClient.connect(nodeA, "/ws/notifications?token=" + bystander.accessToken())) {
            personal.assertOpen();

            nodeB.post("/api/v1/auth/logout").bearer(user).send().expect(204);

            assertThat(personal.awaitClose().code()).isEqualTo(4401);
            other.assertOpen(); // someone else's connection stays
        }
    }

    @Test
    void aCancelledEventEmptiesItsChatButForItsOrganizer() {
        Session organizer = nodeB.register("organizer");
        Session attendee = nodeB.register("attendee");
        String eventId = createEvent(organizer, 5);
        nodeB.book(attendee, eventId);

        try (WsClient host = WsClient.connect(nodeA, "/ws/chat/" + eventId + "?token=" + organizer.accessToken());
                WsClient guest = WsClient.connect(nodeA, "/ws/chat/" + eventId + "?token=" + attendee.accessToken())) {
            host.send("join_chat", Map.of());
            host.next("recent_messages");
            guest.send("join_chat", Map.of());
            guest.next("recent_messages");

            nodeB.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);

            assertThat(guest.awaitClose().code()).isEqualTo(4403);
            host.assertOpen(); // the organizer may still tell people what happened
        }
    }
}
