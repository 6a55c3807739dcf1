package io.eventflow.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.Parallel;
import tools.jackson.databind.JsonNode;

/** Follows and the activity feed, through the REST API, with the other modules' real domain events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SocialFeedIT {

    private static final Duration LISTENERS = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ActivityLog activityLog;
    @Autowired
    ActivityRecorder recorder;
    @Autowired
    io.eventflow.catalog.EventCatalog catalog;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void followingIsIdempotentAndListedBothWays() {
        Session ana = api.register("attendee");
        Session bob = api.register("organizer");

        api.post("/api/v1/users/" + bob.userId() + "/follow").bearer(ana).send().expect(204);
        api.post("/api/v1/users/" + bob.userId() + "/follow").bearer(ana).send().expect(204);

        JsonNode followers = api.get("/api/v1/users/" + bob.userId() + "/followers").send().expect(200).body();
        assertThat(followers.get("total").asLong()).isEqualTo(1);
        assertThat(followers.get("items").get(0).get("id").asString()).isEqualTo(ana.userId().toString());
        assertThat(followers.get("items").get(0).get("username").asString()).isEqualTo(ana.username());
        assertThat(followers.get("items").get(0).has("since")).isTrue();
        JsonNode following = api.get("/api/v1/users/" + ana.userId() + "/following").send().expect(200).body();
        assertThat(following.get("items").get(0).get("id").asString()).isEqualTo(bob.userId().toString());

        api.post("/api/v1/users/" + bob.userId() + "/unfollow").bearer(ana).send().expect(204);
        api.post("/api/v1/users/" + bob.userId() + "/unfollow").bearer(ana).send().expect(204);
        assertThat(api.get("/api/v1/users/" + bob.userId() + "/followers").send().body().get("total").asLong()).isZero();
    }

    @Test
    void theFollowedUserIsNotifiedInTheAppOnceNotByMailByDefault() {
        Session ana = api.register("attendee");
        Session bob = api.register("organizer");

        api.post("/api/v1/users/" + bob.userId() + "/follow").bearer(ana).send().expect(204);
        await().atMost(LISTENERS).until(() -> newFollowerNotices(bob).size() == 1);
        JsonNode notice = newFollowerNotices(bob).getFirst();
        assertThat(notice.at("/data/message").asString()).isEqualTo(ana.username() + " started following you");
        assertThat(notice.hasNonNull("email")).as("no mail unless asked for").isFalse();

        api.post("/api/v1/users/" + bob.userId() + "/unfollow").bearer(ana).send().expect(204);
        api.post("/api/v1/users/" + bob.userId() + "/follow").bearer(ana).send().expect(204);
        await().during(Duration.ofMillis(700)).atMost(LISTENERS).until(() -> newFollowerNotices(bob).size() == 1);
    }

    private List<JsonNode> newFollowerNotices(Session user) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/api/v1/notifications").bearer(user).send().expect(200).body().get("items").forEach(n -> {
            if (n.get("type").asString().equals("new_follower")) {
                found.add(n);
            }
        });
        return found;
    }

    @Test
    void refusesSelfFollowUnknownUsersAndAnonymousCallers() {
        Session ana = api.register("attendee");

        var self = api.post("/api/v1/users/" + ana.userId() + "/follow").bearer(ana).send().expect(400);
        assertThat(self.contentType()).startsWith("application/problem+json");
        assertThat(self.body().get("detail").asString()).contains("yourself");
        var unknown = api.post("/api/v1/users/0190a0a0-0000-7000-8000-000000000000/follow").bearer(ana).send().expect(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        api.get("/api/v1/users/0190a0a0-0000-7000-8000-000000000000/followers").send().expect(404);
        api.post("/api/v1/users/not-a-uuid/follow").bearer(ana).send().expect(400);
        api.post("/api/v1/users/" + ana.userId() + "/follow").send().expect(401);
        api.get("/api/v1/feed").send().expect(401);
        api.get("/api/v1/feed?cursor=%2A%2Anot-a-cursor").bearer(ana).send().expect(400);
        api.get("/api/v1/feed?cursor=AAAA").bearer(ana).send().expect(400);
    }

    @Test
    void concurrentFollowsOfTheSamePersonCountOnce() throws Exception {
        Session ana = api.register("attendee");
        Session bob = api.register("attendee");
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(() -> api.post("/api/v1/users/" + bob.userId() + "/follow").bearer(ana).send().status());
        }

        assertThat(Parallel.run(10, tasks)).containsOnly(204);
        assertThat(api.get("/api/v1/users/" + bob.userId() + "/followers").send().body().get("total").asLong()).isEqualTo(1);
        assertThat(types(feed(ana, null))).containsExactly("follow");
    }

    @Test
    void theFeedShowsWhatFollowedPeopleDoNewestFirstAndNothingOfOthers() {
        Session reader = api.register("attendee");
        Session organizer = api.register("organizer");
        Session stranger = api.register("organizer");
        api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(reader).send().expect(204);

        String eventId = createEvent(organizer, "Jazz night");
        createEvent(stranger, "Not followed");
        await().atMost(LISTENERS).until(() -> types(feed(reader, null)).contains("event_created"));
        api.book(reader, eventId);
        await().atMost(LISTENERS).until(() -> types(feed(reader, null)).contains("rsvp"));

        JsonNode items = feed(reader, null).get("items");
        assertThat(types(feed(reader, null))).containsExactly("rsvp", "event_created", "follow");
        assertThat(items.get(0).get("actor").get("id").asString()).isEqualTo(reader.userId().toString());
        assertThat(items.get(0).get("event").get("title").asString()).isEqualTo("Jazz night");
        assertThat(items.get(1).get("actor").get("username").asString()).isEqualTo(organizer.username());
        assertThat(items.get(2).get("user").get("id").asString()).isEqualTo(organizer.userId().toString());
        assertThat(feed(reader, null).toString()).doesNotContain("Not followed");
    }

    @Test
    void eachEventOfABatchBecomesOneActivityAndHandlingTheBatchAgainAddsNone() {
        Session organizer = api.register("organizer");
        Session reader = api.register("attendee");
        api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(reader).send().expect(204);
        api.post("/api/v1/events/batch").bearer(organizer).json(Map.of("events", List.of(
                EventCatalogIT.event("Batch A"), EventCatalogIT.event("Batch B"), EventCatalogIT.event("Batch C"))))
                .send().expect(201);

        await().atMost(LISTENERS).until(() -> types(feed(reader, null)).stream()
                .filter("event_created"::equals).count() == 3);
        // as after a crash before the completion mark: the batch's publication is run again
        List<io.eventflow.catalog.EventSnapshot> batch = new java.util.ArrayList<>();
        for (UUID id : jdbc.sql("SELECT id FROM events WHERE organizer_id = ? ORDER BY number").param(organizer.userId())
                .query(java.util.UUID.class).list()) {
            batch.add(catalog.find(id).orElseThrow());
        }
        transactions.executeWithoutResult(status -> recorder.on(new io.eventflow.catalog.EventsCreated(batch, Instant.now())));
        assertThat(types(feed(reader, null))).containsExactly("event_created", "event_created", "event_created", "follow");
    }

    @Test
    void aNewFollowerSeesRecentActivitiesAndAnUnfollowRemovesThem() {
        Session organizer = api.register("organizer");
        createEvent(organizer, "Before the follow");
        await().atMost(LISTENERS).until(() -> types(feed(organizer, null)).contains("event_created"));
        Session reader = api.register("attendee");

        api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(reader).send().expect(204);
        assertThat(types(feed(reader, null))).containsExactly("follow", "event_created");
        // the followed user learns of it in their own feed
        assertThat(types(feed(organizer, null))).containsExactly("follow", "event_created");

        api.post("/api/v1/users/" + organizer.userId() + "/unfollow").bearer(reader).send().expect(204);
        assertThat(types(feed(reader, null))).isEmpty();
        assertThat(types(feed(organizer, null))).containsExactly("event_created");
    }

    @Test
    void aBookingShowsOnlyWhichEventNeverItsDetailsAndGoesAwayWhenCancelled() {
        Session follower = api.register("attendee");
        Session attendee = api.register("attendee");
        Session organizer = api.register("organizer");
        api.post("/api/v1/users/" + attendee.userId() + "/follow").bearer(follower).send().expect(204);
        Map<String, Object> event = EventCatalogIT.event("Small room");
        event.put("capacity", 1);
        String eventId = api.createEvent(organizer, event);
        Session first = api.register("attendee");
        api.book(first, eventId);

        // a waiting-list place is nobody else's business
        JsonNode waitlisted = api.book(attendee, eventId);
        assertThat(waitlisted.get("status").asString()).isEqualTo("waitlisted");
        String bookingId = waitlisted.get("id").asString();
        await().during(Duration.ofMillis(700)).atMost(LISTENERS).until(() -> !types(feed(follower, null)).contains("rsvp"));

        // promoted: now it is news, with the event and nothing else
        JsonNode firstBooking = api.get("/api/v1/users/me/bookings").bearer(first).send().body().get("items").get(0);
        api.delete("/api/v1/bookings/" + firstBooking.get("id").asString()).bearer(first).send().expect(204);
        await().atMost(LISTENERS).until(() -> types(feed(follower, null)).contains("rsvp"));
        String shown = feed(follower, null).toString();
        assertThat(shown).contains(eventId).doesNotContain(bookingId).doesNotContain("waitlist").doesNotContain("confirmed")
                .doesNotContain("code").doesNotContain(attendee.email());

        api.delete("/api/v1/bookings/" + bookingId).bearer(attendee).send().expect(204);
        await().atMost(LISTENERS).until(() -> !types(feed(follower, null)).contains("rsvp"));
    }

    @Test
    void bookingAgainAfterACancellationIsShownWhateverOrderTheListenersRunIn() {
        Session follower = api.register("attendee");
        Session attendee = api.register("attendee");
        Session organizer = api.register("organizer");
        api.post("/api/v1/users/" + attendee.userId() + "/follow").bearer(follower).send().expect(204);
        String eventId = createEvent(organizer, "Second thoughts");

        String first = api.book(attendee, eventId).get("id").asString();
        api.delete("/api/v1/bookings/" + first).bearer(attendee).send().expect(204);
        api.book(attendee, eventId);

        await().atMost(LISTENERS).until(() -> types(feed(follower, null)).contains("rsvp"));
        await().during(Duration.ofMillis(700)).atMost(LISTENERS).until(() -> types(feed(follower, null)).equals(List.of("rsvp", "follow")));
    }

    @Test
    void deletingAnEventRemovesItsActivitiesAndRenamingItRenamesThem() {
        Session reader = api.register("attendee");
        Session organizer = api.register("organizer");
        api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(reader).send().expect(204);
        String eventId = createEvent(organizer, "Old name");
        await().atMost(LISTENERS).until(() -> types(feed(reader, null)).contains("event_created"));

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("title", "New name")).send().expect(200);
        await().atMost(LISTENERS).until(() -> feed(reader, null).toString().contains("New name"));

        api.delete("/api/v1/events/" + eventId).bearer(organizer).send().expect(204);
        await().atMost(LISTENERS).until(() -> types(feed(reader, null)).equals(List.of("follow")));
    }

    @Test
    void photoUploadsAppearAndDisappearWithThePhoto() throws Exception {
        Session reader = api.register("attendee");
        Session organizer = api.register("organizer");
        api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(reader).send().expect(204);
        String eventId = createEvent(organizer, "Gallery");
        await().atMost(LISTENERS).until(() -> types(feed(reader, null)).contains("event_created"));

        String photoId = uploadPng(organizer, eventId).get("id").asString();
        await().atMost(LISTENERS).until(() -> types(feed(reader, null)).contains("photo_uploaded"));
        JsonNode photo = feed(reader, null).get("items").get(0);
        assertThat(photo.get("photo_id").asString()).isEqualTo(photoId);
        assertThat(photo.get("event").get("id").asString()).isEqualTo(eventId);
        assertThat(photo.get("actor").get("id").asString()).isEqualTo(organizer.userId().toString());

        api.delete("/api/v1/photos/" + photoId).bearer(organizer).send().expect(204);
        await().atMost(LISTENERS).until(() -> !types(feed(reader, null)).contains("photo_uploaded"));
    }

    private JsonNode uploadPng(Session user, String eventId) throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", png);
        return api.post("/api/v1/events/" + eventId + "/photos").bearer(user).file("photo", "p.png", "image/png", png.toByteArray())
                .send().expect(201).body();
    }

    @Test
    void pagesNeitherRepeatNorSkipWhileNewActivitiesArrive() {
        Session reader = api.register("attendee");
        List<Session> people = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Session person = api.register("attendee");
            people.add(person);
            api.post("/api/v1/users/" + person.userId() + "/follow").bearer(reader).send().expect(204);
        }
        // 12 follows by the reader: pages of 5 are 5, 5, 2
        JsonNode first = feed(reader, null, 5);
        assertThat(first.get("items")).hasSize(5);
        // new activities arrive between the pages: the reader is followed by three of them
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/users/" + reader.userId() + "/follow").bearer(people.get(i)).send().expect(204);
        }
        JsonNode second = feed(reader, first.get("next_cursor").asString(), 5);
        JsonNode third = feed(reader, second.get("next_cursor").asString(), 5);

        Set<String> seen = new HashSet<>();
        List<String> followed = new ArrayList<>();
        for (JsonNode page : List.of(first, second, third)) {
            for (JsonNode item : page.get("items")) {
                assertThat(seen.add(item.get("id").asString())).as("shown once").isTrue();
                followed.add(item.get("user").get("id").asString());
            }
        }
        assertThat(third.get("next_cursor").isNull()).isTrue();
        assertThat(followed).containsExactlyElementsOf(people.reversed().stream().map(p -> p.userId().toString()).toList());
        // a fresh first page shows the new ones on top
        assertThat(types(feed(reader, null, 3))).containsExactly("follow", "follow", "follow");
        assertThat(feed(reader, null, 3).get("items").get(0).get("actor").get("id").asString())
                .isEqualTo(people.get(2).userId().toString());
    }

    @Test
    void aDeletedAccountLeavesNoTraceInFeedsOrFollowLists() {
        Session reader = api.register("attendee");
        Session gone = api.register("organizer");
        api.post("/api/v1/users/" + gone.userId() + "/follow").bearer(reader).send().expect(204);
        api.post("/api/v1/users/" + reader.userId() + "/follow").bearer(gone).send().expect(204);

        api.delete("/api/v1/users/" + gone.userId()).bearer(gone).send().expect(204);

        assertThat(types(feed(reader, null))).isEmpty();
        assertThat(api.get("/api/v1/users/" + reader.userId() + "/followers").send().body().get("items")).isEmpty();
        await().atMost(LISTENERS).until(() ->
                api.get("/api/v1/users/" + reader.userId() + "/followers").send().body().get("total").asLong() == 0);
    }

    /**
     * A new follower's feed is filled with the followee's latest activities while one of them may be removed at
     * that moment (a booking cancelled, a photo deleted): the follow waits for the removal and skips what is gone
     * instead of failing on the feed's reference to it.
     */
    @Test
    void aFollowWhileAnActivityIsBeingRemovedSucceedsWithoutIt() throws Exception {
        Session organizer = api.register("organizer");
        Session reader = api.register("attendee");
        createEvent(organizer, "Soon gone");
        await().atMost(LISTENERS).until(() -> types(feed(organizer, null)).contains("event_created"));

        CountDownLatch removing = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> removal = pool.submit(() -> transactions.executeWithoutResult(tx -> {
                jdbc.sql("DELETE FROM activities WHERE actor_id = :actor").param("actor", organizer.userId()).update();
                removing.countDown();
                await().atMost(Duration.ofSeconds(20)).until(() -> commit.getCount() == 0);
            }));
            assertThat(removing.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> follow = pool.submit(() ->
                    api.post("/api/v1/users/" + organizer.userId() + "/follow").bearer(reader).send().status());
            // the follow's statement now waits for the removal's row locks
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND datname = current_database()").query(Long.class).single() > 0);
            commit.countDown();
            removal.get(10, TimeUnit.SECONDS);
            assertThat(follow.get(10, TimeUnit.SECONDS)).isEqualTo(204);
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
        assertThat(types(feed(reader, null))).containsExactly("follow");
    }

    /**
     * A booking is cancelled while its RSVP is still being recorded (two outbox listeners on two threads): the removal
     * must not slip past the activity it cannot see yet, or the feed keeps an RSVP for a cancelled booking forever.
     */
    @Test
    void anActivityRemovedWhileItIsBeingRecordedStaysRemoved() throws Exception {
        UUID actor = api.register("attendee").userId();
        String key = ActivityTypes.rsvpKey(UUID.randomUUID());
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> recording = pool.submit(() -> transactions.executeWithoutResult(tx -> {
                activityLog.record(new ActivityLog.Recorded(UUID.randomUUID(), key, ActivityTypes.RSVP, actor, null, "Racing",
                        null, null, java.time.Instant.now()));
                recorded.countDown();
                await().atMost(Duration.ofSeconds(20)).until(() -> commit.getCount() == 0);
            }));
            assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> removal = pool.submit(() -> transactions.executeWithoutResult(tx -> activityLog.removeForGood(key)));
            // the removal either finishes at once (not seeing the uncommitted activity) or waits for it
            await().atMost(Duration.ofSeconds(10)).until(() -> removal.isDone() || jdbc.sql("SELECT COUNT(*) FROM "
                    + "pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").query(Long.class).single() > 0);
            commit.countDown();
            recording.get(10, TimeUnit.SECONDS);
            removal.get(10, TimeUnit.SECONDS);
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM activities WHERE dedup_key = :key").param("key", key).query(Long.class).single())
                .isZero();
        // and a late delivery of the same activity does not bring it back
        Boolean again = transactions.execute(tx -> activityLog.record(new ActivityLog.Recorded(UUID.randomUUID(), key,
                ActivityTypes.RSVP, actor, null, "Racing", null, null, java.time.Instant.now())));
        assertThat(again).isFalse();
    }

    private String createEvent(Session organizer, String title) {
        return api.createEvent(organizer, EventCatalogIT.event(title));
    }

    private JsonNode feed(Session reader, String cursor) {
        return feed(reader, cursor, 20);
    }

    private JsonNode feed(Session reader, String cursor, int size) {
        return api.get("/api/v1/feed?size=" + size + (cursor == null ? "" : "&cursor=" + cursor)).bearer(reader).send().expect(200)
                .body();
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.get("items").forEach(item -> types.add(item.get("type").asString()));
        return types;
    }
}
