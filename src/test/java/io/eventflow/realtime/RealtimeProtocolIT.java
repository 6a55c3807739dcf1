package io.eventflow.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestClock;
import io.eventflow.support.WsClient;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket protocol on one node: who may connect where, chat rules, and what a client's mistakes get —
 * an error frame or a clean close, never a server error in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RealtimeProtocolIT {

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    Connections connections;
    @Autowired
    AccessRevocations revocations;
    @Autowired
    ChatMessageRepository messages;
    @Autowired
    io.eventflow.platform.IdGenerator ids;
    Api api;
    Session organizer;
    String eventId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
        eventId = api.createEvent(organizer, EventCatalogIT.event("Chatty meetup"));
    }

    @AfterEach
    void resetClockAndCheckTheLog(CapturedOutput log) {
        clock.reset();
        assertThat(log.getAll()).doesNotContain(" ERROR ").doesNotContain("Exception");
    }

    private Session bookedAttendee() {
        Session attendee = api.register("attendee");
        api.book(attendee, eventId);
        return attendee;
    }

    private WsClient chat(Session as) {
        return WsClient.connect(api, "/ws/chat/" + eventId + "?token=" + as.accessToken());
    }

    @Test
    void anOutsiderIsRefusedTheChatWithAReason() {
        try (WsClient outsider = chat(api.register("attendee"))) {
            assertThat(outsider.next("error").get("message").asString()).contains("confirmed booking");
            assertThat(outsider.awaitClose().code()).isEqualTo(4403);
        }
    }

    @Test
    void aChatNeedsAValidTokenAndAnExistingEvent() {
        try (WsClient anonymous = WsClient.connect(api, "/ws/chat/" + eventId);
                WsClient forged = WsClient.connect(api, "/ws/chat/" + eventId + "?token=not.a.jwt");
                WsClient nowhere = WsClient.connect(api, "/ws/chat/" + UUID.randomUUID() + "?token=" + organizer.accessToken());
                WsClient garbage = WsClient.connect(api, "/ws/chat/42?token=" + organizer.accessToken())) {
            assertThat(anonymous.next("error").get("message").asString()).contains("?token=");
            assertThat(anonymous.awaitClose().code()).isEqualTo(4401);
            assertThat(forged.next("error").get("message").asString()).contains("not valid");
            assertThat(forged.awaitClose().code()).isEqualTo(4401);
            assertThat(nowhere.awaitClose().code()).isEqualTo(4404);
            assertThat(garbage.next("error").get("message").asString()).contains("'42'");
            assertThat(garbage.awaitClose().code()).isEqualTo(4404);
        }
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = organizer.accessToken();
        clock.advance(Duration.ofHours(1)); // past the 15-minute access token lifetime
        try (WsClient late = WsClient.connect(api, "/ws/notifications?token=" + token)) {
            assertThat(late.next("error").get("message").asString()).contains("expired");
            assertThat(late.awaitClose().code()).isEqualTo(4401);
        }
    }

    @Test
    void aConnectionEndsWhenItsTokenExpires() {
        Session other = api.register("attendee");
        try (WsClient expiring = WsClient.connect(api, "/ws/notifications?token=" + organizer.accessToken())) {
            expiring.assertOpen();
            clock.advance(Duration.ofMinutes(16)); // past the 15-minute access token lifetime
            try (WsClient fresh = WsClient.connect(api, "/ws/notifications?token=" + api.login(other.username(),
                    other.password()).accessToken())) {
                revocations.closeExpired(); // what the heartbeat runs

                assertThat(expiring.next("error").get("message").asString()).contains("expired");
                assertThat(expiring.awaitClose().code()).isEqualTo(4401);
                fresh.assertOpen(); // a connection with a token still valid stays
            }
        }
    }

    @Test
    void aParticipantGetsTheHistoryOldestFirstAndTheRoomHearsThem() {
        Session early = bookedAttendee();
        try (WsClient first = chat(early)) {
            first.send("join_chat", Map.of());
            first.next("recent_messages");
            for (int i = 1; i <= 3; i++) {
                first.send("send_message", Map.of("text", "message " + i));
                first.next("new_message");
            }
        }
        Session late = bookedAttendee();
        try (WsClient host = chat(organizer); WsClient second = chat(late)) {
            host.send("join_chat", Map.of());
            host.next("recent_messages");
            second.send("join_chat", Map.of());
            JsonNode history = second.next("recent_messages").get("messages");
            assertThat(history).extracting(m -> m.get("text").asString()).containsExactly("message 1", "message 2", "message 3");
            assertThat(host.next("user_joined", d -> !d.get("user_id").asString().equals(organizer.userId().toString()))
                    .get("user_id").asString()).isEqualTo(late.userId().toString());

            second.send("send_message", Map.of("text", "hello from the back row"));
            assertThat(host.next("new_message").get("username").asString()).isEqualTo(late.username());
        }
        JsonNode page = api.get("/api/v1/events/" + eventId + "/messages?size=2").bearer(late).send().expect(200).body();
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("items")).extracting(m -> m.get("text").asString())
                .containsExactly("hello from the back row", "message 3");
    }

    /**
     * A client back from a drop says which message it shows last ({@code join_chat {after}}) and gets only what was
     * posted while it was away, each message once; then the room goes on live.
     */
    @Test
    void aClientThatRejoinsWithTheLastMessageItShowsGetsOnlyWhatItMissed() {
        Session reader = bookedAttendee();
        Session writer = bookedAttendee();
        String lastSeen;
        try (WsClient away = chat(reader); WsClient talker = chat(writer)) {
            away.send("join_chat", Map.of());
            away.next("recent_messages");
            talker.send("join_chat", Map.of());
            talker.next("recent_messages");
            talker.send("send_message", Map.of("text", "before the drop 1"));
            away.next("new_message");
            talker.send("send_message", Map.of("text", "before the drop 2"));
            lastSeen = away.next("new_message", d -> d.get("text").asString().equals("before the drop 2")).get("id").asString();
        } // the reader's connection drops
        try (WsClient talker = chat(writer)) {
            talker.send("join_chat", Map.of());
            talker.next("recent_messages");
            for (int i = 1; i <= 3; i++) {
                talker.send("send_message", Map.of("text", "while away " + i));
                talker.next("new_message");
            }
            try (WsClient back = chat(reader)) {
                back.send("join_chat", Map.of("after", lastSeen));
                JsonNode missed = back.next("recent_messages");
                assertThat(missed.get("after").asString()).isEqualTo(lastSeen);
                assertThat(missed.get("messages")).extracting(m -> m.get("text").asString())
                        .containsExactly("while away 1", "while away 2", "while away 3");

                talker.send("send_message", Map.of("text", "welcome back"));
                assertThat(back.next("new_message").get("text").asString()).isEqualTo("welcome back");
                assertThat(back.collect("new_message", Duration.ofMillis(500))).as("nothing twice").isEmpty();
                assertThat(back.received().stream().filter(f -> f.get("type").asString().equals("recent_messages"))).hasSize(1);

                // up to date: an empty list, still marked as the continuation
                String newest = api.get("/api/v1/events/" + eventId + "/messages?size=1").bearer(reader).send().expect(200)
                        .body().at("/items/0/id").asString();
                back.send("join_chat", Map.of("after", newest));
                JsonNode nothing = back.next("recent_messages");
                assertThat(nothing.get("after").asString()).isEqualTo(newest);
                assertThat(nothing.get("messages")).isEmpty();
            }
        }
    }

    /** What the server cannot continue from gets the plain history, unmarked: the client replaces what it shows. */
    @Test
    void aRejoinFromAnUnknownOrTooOldMessageGetsTheRecentHistory() {
        UUID event = UUID.fromString(eventId);
        List<UUID> posted = new java.util.ArrayList<>();
        for (int i = 0; i <= 51; i++) { // "message 0", then 51 more: one more than the history (50)
            UUID id = ids.next();
            messages.add(new ChatMessage(id, event, organizer.userId(), organizer.username(), "message " + i, clock.instant()));
            posted.add(id);
        }
        UUID elsewhere = ids.next();
        messages.add(new ChatMessage(elsewhere, UUID.randomUUID(), organizer.userId(), organizer.username(), "other room",
                clock.instant()));

        try (WsClient client = chat(bookedAttendee())) {
            Object[] unusable = {posted.getFirst().toString(), UUID.randomUUID().toString(), elsewhere.toString(), "not-an-id", 42};
            for (Object after : unusable) {
                client.send("join_chat", Map.of("after", after));
                JsonNode history = client.next("recent_messages");
                assertThat(history.has("after")).as("after %s", after).isFalse();
                assertThat(history.get("messages")).extracting(m -> m.get("text").asString())
                        .hasSize(50).startsWith("message 2").endsWith("message 51");
            }
            // exactly the history's length behind: still a continuation
            client.send("join_chat", Map.of("after", posted.get(1).toString()));
            JsonNode continued = client.next("recent_messages");
            assertThat(continued.get("after").asString()).isEqualTo(posted.get(1).toString());
            assertThat(continued.get("messages")).extracting(m -> m.get("text").asString())
                    .hasSize(50).startsWith("message 2").endsWith("message 51");
            client.assertOpen();
        }
    }

    /** 2,000 characters of '€' are 6,000 bytes: more than a connection's 4 KB buffers, in both directions. */
    @Test
    void aMessageAtTheLengthLimitArrivesWholeThoughLargerThanTheBuffers() {
        String text = "€".repeat(2000);
        Session other = bookedAttendee();
        try (WsClient sender = chat(bookedAttendee()); WsClient reader = chat(other)) {
            sender.send("join_chat", Map.of());
            sender.next("recent_messages");
            reader.send("join_chat", Map.of());
            reader.next("recent_messages");
            sender.send("send_message", Map.of("text", text));
            assertThat(reader.next("new_message").get("text").asString()).isEqualTo(text);
        }
        JsonNode page = api.get("/api/v1/events/" + eventId + "/messages").bearer(other).send().expect(200).body();
        assertThat(page.at("/items/0/text").asString()).isEqualTo(text);
    }

    @Test
    void mistakesInTheChatGetAnErrorAndTheConnectionStaysOpen() {
        try (WsClient client = chat(bookedAttendee())) {
            client.send("send_message", Map.of("text", "too early"));
            assertThat(client.next("error").get("message").asString()).contains("join_chat");
            client.send("join_chat", Map.of());
            client.next("recent_messages");

            client.send("send_message", Map.of("text", "x".repeat(10 * 1024)));
            assertThat(client.next("error").get("message").asString()).contains("at most 2000 characters");
            client.send("send_message", Map.of("text", "   "));
            assertThat(client.next("error").get("message").asString()).contains("non-empty");
            client.sendRaw("{\"type\": \"send_message\", \"data\": {\"text\": \"" + "y".repeat(40_000) + "\"}}");
            assertThat(client.next("error").get("message").asString()).contains("at most 16384 characters");
            client.sendRaw("{not json");
            assertThat(client.next("error").get("message").asString()).contains("Malformed JSON");
            client.sendRaw("[1, 2]");
            assertThat(client.next("error").get("message").asString()).contains("'type'");
            client.send("dance", Map.of());
            assertThat(client.next("error").get("message").asString()).contains("Unknown message type 'dance'");

            client.send("send_message", Map.of("text", "still here"));
            assertThat(client.next("new_message").get("text").asString()).isEqualTo("still here");
            client.assertOpen();
        }
    }

    @Test
    void aHandshakeWithAnOriginThatIsNotAUrlIsA403NotAServerError() {
        // the origin check runs before anything else of the handshake
        Api.Response refused = api.get("/ws/events").header("Origin", "http://a:b:c").send();

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("Origin");
    }

    @Test
    void controlCharactersAreRefusedAndTheConnectionStaysOpen() {
        try (WsClient client = chat(bookedAttendee())) {
            client.send("join_chat", Map.of());
            client.next("recent_messages");

            client.send("send_message", Map.of("text", "nul \u0000 inside"));
            assertThat(client.next("error").get("message").asString()).contains("control characters");
            client.send("send_message", Map.of("text", "two\nlines"));
            assertThat(client.next("new_message").get("text").asString()).isEqualTo("two\nlines");
            client.assertOpen();
        }
    }

    @Test
    void aUserIsAnnouncedOnceWhateverTheirTabsAndCannotFloodTheRoomByJoiningAndLeaving() {
        Session attendee = bookedAttendee();
        try (WsClient host = chat(organizer); WsClient tab = chat(attendee); WsClient otherTab = chat(attendee)) {
            host.send("join_chat", Map.of());
            host.next("recent_messages");
            tab.send("join_chat", Map.of());
            tab.next("recent_messages");
            otherTab.send("join_chat", Map.of());
            otherTab.next("recent_messages");
            otherTab.send("leave_chat", Map.of());
            // one join for two tabs, no leave while one tab is still in
            assertThat(host.collect("user_joined", java.time.Duration.ofMillis(1500)).stream()
                    .filter(d -> d.get("user_id").asString().equals(attendee.userId().toString()))).hasSize(1);
            assertThat(host.received().stream().filter(f -> f.get("type").asString().equals("user_left"))).isEmpty();

            for (int i = 0; i < 12; i++) {
                otherTab.send("join_chat", Map.of());
                otherTab.send("leave_chat", Map.of());
            }
            assertThat(otherTab.next("error").get("message").asString()).contains("joining too often");
            otherTab.assertOpen();
        }
    }

    @Test
    void anAttendeeWhoGaveUpTheSeatCanNoLongerWrite() {
        Session attendee = api.register("attendee");
        String booking = api.book(attendee, eventId).get("id").asString();
        try (WsClient client = chat(attendee)) {
            client.send("join_chat", Map.of());
            client.next("recent_messages");
            api.delete("/api/v1/bookings/" + booking).bearer(attendee).send().expect(204);

            // taken out of the room as the cancellation commits, before it can write again
            assertThat(client.next("error").get("message").asString()).contains("confirmed booking");
            assertThat(client.awaitClose().code()).isEqualTo(4403);
        }
        assertThat(api.get("/api/v1/events/" + eventId + "/messages").bearer(organizer).send().body().get("total").asLong()).isZero();
    }

    @Test
    void aUserWhoSendsTooFastIsSlowedDown() {
        try (WsClient client = chat(bookedAttendee())) {
            client.send("join_chat", Map.of());
            client.next("recent_messages");
            for (int i = 0; i < 12; i++) {
                client.send("send_message", Map.of("text", "spam " + i));
            }
            assertThat(client.next("error").get("message").asString()).contains("too fast");
            client.assertOpen();
        }
        JsonNode page = api.get("/api/v1/events/" + eventId + "/messages").bearer(organizer).send().expect(200).body();
        assertThat(page.get("total").asLong()).isEqualTo(10); // the burst, and not one more
    }

    @Test
    void chatHistoryOverRestIsForParticipantsOnly() {
        Session outsider = api.register("attendee");
        api.get("/api/v1/events/" + eventId + "/messages").bearer(outsider).send().expect(403);
        api.get("/api/v1/events/" + eventId + "/messages").send().expect(401);
        api.get("/api/v1/events/" + UUID.randomUUID() + "/messages").bearer(organizer).send().expect(404);
        api.get("/api/v1/events/not-a-uuid/messages").bearer(organizer).send().expect(400);
    }

    @Test
    void theEventChannelRefusesUnknownEventsAndAnswersBadFramesWithErrors() {
        try (WsClient unknown = WsClient.connect(api, "/ws/events/" + UUID.randomUUID());
                WsClient feed = WsClient.connect(api, "/ws/events/" + eventId)) {
            assertThat(unknown.next("error").get("message").asString()).startsWith("No event with id");
            assertThat(unknown.awaitClose().code()).isEqualTo(4404);

            JsonNode seats = feed.next("availability");
            assertThat(seats.get("event_id").asString()).isEqualTo(eventId);
            assertThat(seats.get("seats_left").asInt()).isEqualTo(50);
            feed.sendRaw("{\"type\": 7}");
            assertThat(feed.next("error").get("message").asString()).contains("'type'");
            feed.send("join_chat", Map.of());
            assertThat(feed.next("error").get("message").asString()).contains("only accepts 'ping'");
            feed.assertOpen();
        }
    }

    /** Clients of the system EventFlow replaces connect as Django Channels routes them: with a trailing slash. */
    @Test
    void theEventFeedsWithATrailingSlashServeWhatTheyServeWithout() {
        try (WsClient everything = WsClient.connect(api, "/ws/events/");
                WsClient oneEvent = WsClient.connect(api, "/ws/events/" + eventId + "/");
                WsClient unknown = WsClient.connect(api, "/ws/events/" + UUID.randomUUID() + "/");
                WsClient garbage = WsClient.connect(api, "/ws/events/not-an-id/");
                WsClient noSuchNumber = WsClient.connect(api, "/ws/events/987654321/")) {
            assertThat(unknown.next("error").get("message").asString()).startsWith("No event with id");
            assertThat(unknown.awaitClose().code()).isEqualTo(4404);
            assertThat(garbage.next("error").get("message").asString()).isEqualTo("No event with id 'not-an-id'");
            assertThat(garbage.awaitClose().code()).isEqualTo(4404);
            assertThat(noSuchNumber.awaitClose().code()).isEqualTo(4404);
            assertThat(oneEvent.next("availability").get("event_id").asString()).isEqualTo(eventId);
            everything.assertOpen(); // subscribed before the changes are made

            api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("title", "Chatty meetup, upstairs"))
                    .send().expect(200);
            for (WsClient client : new WsClient[] {everything, oneEvent}) {
                JsonNode update = client.next("event_updated", d -> d.get("id").asString().equals(eventId));
                assertThat(update.at("/changes/title/new").asString()).isEqualTo("Chatty meetup, upstairs");
            }
            String created = api.createEvent(organizer, EventCatalogIT.event("Another meetup"));
            assertThat(everything.next("event_created", d -> d.get("id").asString().equals(created)).get("title")
                    .asString()).isEqualTo("Another meetup");
            oneEvent.assertOpen();
        }
    }

    @Test
    void aCancelledEventIsAnnouncedOnItsChannel() {
        try (WsClient feed = WsClient.connect(api, "/ws/events/" + eventId)) {
            feed.next("availability");
            api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);
            JsonNode update = feed.next("event_updated");
            assertThat(update.at("/changes/status/new").asString()).isEqualTo("cancelled");
        }
    }

    /** The fast path of a large fan-out: if a Tomcat upgrade changes its internals, this fails rather than slowing down. */
    @Test
    void framesGoOutThroughTomcatsOwnFraming() {
        try (WsClient feed = WsClient.connect(api, "/ws/events/" + eventId)) {
            assertThat(feed.next("availability").get("seats_left").asInt()).isEqualTo(50);
            assertThat(connections.writeThroughTomcat()).isTrue();
        }
    }

    /** Larger than a connection's 4 KB buffers: the frame goes out in fragments and arrives whole. */
    @Test
    void aLongDescriptionReachesTheEventsWatchersWhole() {
        String description = "Ünïcode and more.".repeat(500); // 8,500 characters, more bytes in UTF-8
        try (WsClient feed = WsClient.connect(api, "/ws/events/" + eventId)) {
            feed.next("availability");
            api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("description", description)).send().expect(200);
            JsonNode update = feed.next("event_updated");
            assertThat(update.at("/changes/description/new").asString()).isEqualTo(description);
            assertThat(update.at("/event/description").asString()).isEqualTo(description);
        }
    }
}
