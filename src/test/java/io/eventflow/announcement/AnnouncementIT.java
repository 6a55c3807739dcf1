package io.eventflow.announcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.TestInfrastructure;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * Announcements end to end on the real servers: who receives one in the app and by mail (GreenMail), as their
 * preferences say, who may send and read them, and the refusals — each a 4xx that leaves nothing behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnnouncementIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    Api api;
    Session organizer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
    }

    private String event(String title, int capacity) {
        Map<String, Object> event = EventCatalogIT.event(title);
        event.put("capacity", capacity);
        return api.createEvent(organizer, event);
    }

    private Api.Response announce(Session who, String eventId, Object subject, Object body, String audience) {
        Map<String, Object> request = new HashMap<>();
        request.put("subject", subject);
        request.put("body", body);
        if (audience != null) {
            request.put("audience", audience);
        }
        return api.post("/api/v1/events/" + eventId + "/announcements").bearer(who).json(request).send();
    }

    private JsonNode history(Session who, String eventId) {
        return api.get("/api/v1/events/" + eventId + "/announcements").bearer(who).send().expect(200).body();
    }

    private static List<MimeMessage> mailsTo(String address, String subjectPart) {
        return Arrays.stream(TestInfrastructure.mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address))
                        && m.getSubject().contains(subjectPart);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    private List<JsonNode> announcementsInApp(Session user) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode item : api.get("/api/v1/notifications").bearer(user).send().expect(200).body().get("items")) {
            if (item.get("type").asString().equals("announcement")) {
                found.add(item);
            }
        }
        return found;
    }

    @Test
    void reachesConfirmedParticipantsInTheAppAndByMailAsTheirPreferencesSay() throws Exception {
        String eventId = event("Harbour concert", 2);
        Session first = api.register("attendee");
        Session quiet = api.register("attendee");
        Session waiting = api.register("attendee");
        Session outsider = api.register("attendee");
        api.book(first, eventId);
        api.book(quiet, eventId);
        assertThat(api.book(waiting, eventId).get("status").asString()).isEqualTo("waitlisted");
        api.put("/api/v1/users/me/notification-preferences").bearer(quiet)
                .json(Map.of("announcement", Map.of("email", false))).send().expect(200);

        JsonNode sent = announce(organizer, eventId, "Gate B tonight", "Use gate B.\nDoors open at 19:00 <sharp>.", null)
                .expect(201).body();
        assertThat(sent.get("audience").asString()).isEqualTo("confirmed");
        assertThat(sent.get("event_id").asString()).isEqualTo(eventId);
        assertThat(sent.get("author_id").asString()).isEqualTo(organizer.userId().toString());

        await().atMost(PATIENCE).until(() -> mailsTo(first.email(), "Gate B tonight").size() == 1);
        MimeMessage mail = mailsTo(first.email(), "Gate B tonight").getFirst();
        assertThat(mail.getSubject()).isEqualTo("Harbour concert: Gate B tonight");
        String text = GreenMailUtil.getBody(mail);
        assertThat(text).contains("Use gate B.").contains("Doors open at 19:00 &lt;sharp&gt;.").contains("/events/" + eventId);

        await().atMost(PATIENCE).until(() -> announcementsInApp(quiet).size() == 1);
        JsonNode item = announcementsInApp(first).getFirst();
        assertThat(item.at("/data/subject").asString()).isEqualTo("Gate B tonight");
        assertThat(item.at("/data/body").asString()).isEqualTo("Use gate B.\nDoors open at 19:00 <sharp>.");
        assertThat(item.at("/data/announcement_id").asString()).isEqualTo(sent.get("id").asString());

        // the quiet one turned mail off for announcements; the waiting list is not in the audience
        await("nothing else arrives").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                mailsTo(quiet.email(), "Gate B").isEmpty() && mailsTo(waiting.email(), "Gate B").isEmpty()
                        && announcementsInApp(waiting).isEmpty() && mailsTo(first.email(), "Gate B").size() == 1);

        // the history: organizer, participants (waitlisted too), admins; not others
        assertThat(history(organizer, eventId).get("total").asLong()).isEqualTo(1);
        assertThat(history(first, eventId).at("/items/0/subject").asString()).isEqualTo("Gate B tonight");
        assertThat(history(waiting, eventId).get("total").asLong()).isEqualTo(1);
        api.get("/api/v1/events/" + eventId + "/announcements").bearer(outsider).send().expect(403);
        api.get("/api/v1/events/" + eventId + "/announcements").send().expect(401);
    }

    @Test
    void confirmedAndWaitlistedReachesTheWaitingListToo() {
        String eventId = event("Tiny workshop", 1);
        Session seated = api.register("attendee");
        Session waiting = api.register("attendee");
        api.book(seated, eventId);
        api.book(waiting, eventId);

        announce(organizer, eventId, "Room change", "We moved to room 4.", "confirmed_and_waitlisted").expect(201);

        await().atMost(PATIENCE).until(() -> mailsTo(waiting.email(), "Room change").size() == 1
                && mailsTo(seated.email(), "Room change").size() == 1);
        assertThat(announcementsInApp(waiting)).hasSize(1);
    }

    @Test
    void refusesOversizedBlankOrUnknownInputAndStoresNothing() {
        String eventId = event("Strict limits", 10);
        Session attendee = api.register("attendee");
        api.book(attendee, eventId);

        JsonNode tooLong = announce(organizer, eventId, "Hello", "x".repeat(Announcements.MAX_BODY + 1), null).expect(400).body();
        assertThat(tooLong.at("/errors/0/field").asString()).isEqualTo("body");
        assertThat(announce(organizer, eventId, "s".repeat(Announcements.MAX_SUBJECT + 1), "ok", null).expect(400)
                .body().at("/errors/0/field").asString()).isEqualTo("subject");
        assertThat(announce(organizer, eventId, "   ", "ok", null).expect(400).contentType()).startsWith("application/problem+json");
        announce(organizer, eventId, "Two\nlines", "ok", null).expect(400);
        assertThat(announce(organizer, eventId, "Hi", "ok", "everyone").expect(400).body().at("/errors/0/field").asString())
                .isEqualTo("audience");
        api.post("/api/v1/events/" + eventId + "/announcements").bearer(organizer).raw("application/json", "{").send().expect(400);

        // exactly at the limits is fine
        announce(organizer, eventId, "s".repeat(Announcements.MAX_SUBJECT), "x".repeat(Announcements.MAX_BODY), null).expect(201);
        assertThat(history(organizer, eventId).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void onlyTheOrganizerOrAnAdminSends() {
        String eventId = event("Not yours", 10);
        Session booked = api.register("attendee");
        api.book(booked, eventId);
        Session other = api.register("organizer");
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);

        announce(booked, eventId, "Fake", "From an attendee", null).expect(403);
        announce(other, eventId, "Fake", "From another organizer", null).expect(403);
        api.post("/api/v1/events/" + eventId + "/announcements").json(Map.of("subject", "a", "body", "b")).send().expect(401);
        announce(organizer, "00000000-0000-7000-8000-000000000000", "Nobody", "No event", null).expect(404);
        assertThat(history(organizer, eventId).get("total").asLong()).isZero();
        await("nobody was told").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> announcementsInApp(booked).isEmpty());

        announce(admin, eventId, "From the admins", "All good", null).expect(201);
        assertThat(history(admin, eventId).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void answers429PastTheLimitPerOrganizerAndEvent() {
        String eventId = event("Chatty organizer", 10);
        String otherEvent = event("Another event", 10);
        for (int i = 1; i <= 5; i++) {
            announce(organizer, eventId, "Update " + i, "Body " + i, null).expect(201);
        }
        Api.Response refused = announce(organizer, eventId, "Update 6", "Body 6", null).expect(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(history(organizer, eventId).get("total").asLong()).isEqualTo(5);
        // the bucket is per event: another event of the same organizer is not affected
        announce(organizer, otherEvent, "Elsewhere", "Fine", null).expect(201);
    }
}
