package io.eventflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.catalog.EventSeriesIT;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;
import io.eventflow.support.TestInfrastructure;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * Notifications end to end against a real SMTP server (GreenMail): which mails go to whom, what they say, what the
 * preferences switch off, and how delivery survives an SMTP outage.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotificationFlowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

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

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(TestInfrastructure.mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static List<MimeMessage> mailsTo(String address, String subjectPart) {
        return mailsTo(address).stream().filter(m -> subject(m).contains(subjectPart)).toList();
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode inApp(Session user) {
        return api.get("/api/v1/notifications").bearer(user).send().expect(200).body();
    }

    private JsonNode inAppOfType(Session user, String type) {
        return await().atMost(PATIENCE).until(() -> {
            for (JsonNode item : inApp(user).get("items")) {
                if (item.get("type").asString().equals(type)) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
    }

    @Test
    void aUserWhoseProfileIsInHebrewGetsTheirMailAndInAppNotificationInHebrew() throws Exception {
        String eventId = event("Jazz in Jaffa", 10);
        Session hebrew = api.register("attendee");
        api.patch("/api/v1/users/me").bearer(hebrew).json(Map.of("language", "he")).send().expect(200);
        Session english = api.register("attendee");
        api.book(hebrew, eventId);
        api.book(english, eventId);

        await().atMost(PATIENCE).until(() -> mailsTo(hebrew.email(), "המקום אושר").size() == 1);
        MimeMessage mail = mailsTo(hebrew.email(), "המקום אושר").getFirst();
        assertThat(mail.getSubject()).isEqualTo("המקום אושר: Jazz in Jaffa");
        String body = decoded(mail);
        assertThat(body).contains("מתי:").contains("dir=\"rtl\"").doesNotContain("When:");
        assertThat(inAppOfType(hebrew, "booking_confirmed").at("/data/message").asString())
                .isEqualTo("המקום שלך ב\"Jazz in Jaffa\" אושר");
        // the same news, to someone without a language, in eventflow.notification.locale's (English)
        await().atMost(PATIENCE).until(() -> mailsTo(english.email(), "Seat confirmed: Jazz in Jaffa").size() == 1);
        assertThat(inAppOfType(english, "booking_confirmed").at("/data/message").asString())
                .isEqualTo("Your seat for \"Jazz in Jaffa\" is confirmed");
    }

    @Test
    void aBookingBringsExactlyOneConfirmationMailAndAnInAppNotification() throws Exception {
        String eventId = event("Mail me <b>now</b>", 10);
        Session attendee = api.register("attendee");
        api.book(attendee, eventId);

        await().atMost(PATIENCE).until(() -> mailsTo(attendee.email(), "Seat confirmed").size() == 1);
        MimeMessage mail = mailsTo(attendee.email(), "Seat confirmed").getFirst();
        assertThat(mail.getSubject()).isEqualTo("Seat confirmed: Mail me <b>now</b>");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).hasSize(1);
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains("Tel Aviv, Rothschild 1").contains("/events/" + eventId);
        assertThat(body).contains("Mail me &lt;b&gt;now&lt;/b&gt;").doesNotContain("<h2>Mail me <b>now</b>");

        JsonNode item = inAppOfType(attendee, "booking_confirmed");
        assertThat(item.at("/data/event_id").asString()).isEqualTo(eventId);
        assertThat(mail.getMessageID()).isEqualTo("<" + item.at("/email/notification_id").asString() + "@eventflow>");
        assertThat(item.get("read").asBoolean()).isFalse();
        assertThat(inApp(attendee).get("unread").asLong()).isPositive();
        String id = item.get("id").asString();
        api.post("/api/v1/notifications/" + id + "/read").bearer(attendee).send().expect(204);
        assertThat(inAppOfType(attendee, "booking_confirmed").get("read").asBoolean()).isTrue();
        api.post("/api/v1/notifications/" + id + "/read").bearer(api.register("attendee")).send().expect(404);

        JsonNode status = api.get("/api/v1/notifications/status/" + id).bearer(attendee).send().expect(200).body();
        assertThat(status.get("channel").asString()).isEqualTo("in_app");
        assertThat(status.get("status").asString()).isEqualTo("sent");
        await("no second mail").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> mailsTo(attendee.email(), "Seat confirmed").size() == 1);
    }

    @Test
    void anOrganizerIsToldOfAnEventPublishedAloneButNotOfEachEventOfABatchOrASeries() {
        String alone = event("Published alone", 10);
        JsonNode batch = api.post("/api/v1/events/batch").bearer(organizer)
                .json(Map.of("events", List.of(EventCatalogIT.event("Batch one"), EventCatalogIT.event("Batch two"))))
                .send().expect(201).body();
        List<String> batched = new java.util.ArrayList<>(List.of(batch.get("items").get(0).get("id").asString(),
                batch.get("items").get(1).get("id").asString()));
        String seriesId = api.post("/api/v1/event-series").bearer(organizer)
                .json(EventSeriesIT.series("Weekly notice check", EventSeriesIT.nextTuesdayEvening(),
                        "FREQ=WEEKLY;COUNT=3"))
                .send().expect(201).body().get("id").asString();
        api.get("/api/v1/event-series/" + seriesId).send().expect(200).body().at("/occurrences/items")
                .forEach(occurrence -> batched.add(occurrence.get("id").asString()));
        assertThat(batched).hasSize(5);

        assertThat(inAppOfType(organizer, "event_created").at("/data/event_id").asString()).isEqualTo(alone);
        await("no notice for the batch's events").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> {
                    List<String> told = new java.util.ArrayList<>();
                    inApp(organizer).get("items").forEach(item -> told.add(item.at("/data/event_id").asString()));
                    return told.contains(alone) && told.stream().noneMatch(batched::contains);
                });
    }

    /** The text and HTML parts of a mail, decoded (Hebrew travels encoded). */
    private static String decoded(jakarta.mail.Part part) throws Exception {
        if (part.getContent() instanceof jakarta.mail.Multipart parts) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                all.append(decoded(parts.getBodyPart(i))).append('\n');
            }
            return all.toString();
        }
        return part.getContent() instanceof String text ? text : "";
    }

    private static String calendarOf(MimeMessage mail) throws Exception {
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            jakarta.mail.BodyPart part = parts.getBodyPart(i);
            if ("event.ics".equals(part.getFileName())) {
                assertThat(part.getContentType()).startsWith("text/calendar");
                return new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no event.ics attached");
    }

    @Test
    void bookingAndChangeMailsCarryACalendarEntryThatUpdatesItself() throws Exception {
        String eventId = event("Calendar night", 10);
        Session attendee = api.register("attendee");
        api.book(attendee, eventId);
        await().atMost(PATIENCE).until(() -> mailsTo(attendee.email(), "Seat confirmed").size() == 1);
        String booked = calendarOf(mailsTo(attendee.email(), "Seat confirmed").getFirst());

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("title", "Calendar night, later")).send().expect(200);
        await().atMost(PATIENCE).until(() -> mailsTo(attendee.email(), "Changed:").size() == 1);
        String changed = calendarOf(mailsTo(attendee.email(), "Changed:").getFirst());

        assertThat(booked).contains("UID:" + eventId + "@eventflow").contains("METHOD:REQUEST").contains("SEQUENCE:0")
                .contains("SUMMARY:Calendar night");
        assertThat(changed).contains("UID:" + eventId + "@eventflow").contains("SEQUENCE:1").contains("SUMMARY:Calendar night\\, later");

        Api.Response download = api.get("/api/v1/events/" + eventId + ".ics").send().expect(200);
        assertThat(download.contentType()).startsWith("text/calendar");
        assertThat(download.text()).contains("METHOD:PUBLISH").contains("SEQUENCE:1");
        api.get("/api/v1/events/" + UUID.randomUUID() + ".ics").send().expect(404);
    }

    @Test
    void aPrivateCalendarFeedShowsBookingsAndCancellationsAndCanBeReplaced() {
        Session attendee = api.register("attendee");
        String kept = event("Kept in the calendar", 10);
        String dropped = event("Dropped from the calendar", 10);
        api.book(attendee, kept);
        String booking = api.book(attendee, dropped).get("id").asString();
        api.delete("/api/v1/bookings/" + booking).bearer(attendee).send().expect(204);

        JsonNode feed = api.post("/api/v1/users/me/calendar-feed").bearer(attendee).send().expect(200).body();
        assertThat(feed.get("webcal_url").asString()).startsWith("webcal://");
        String path = feed.get("url").asString().replaceFirst("^https?://[^/]+", "");
        Api.Response calendar = api.get(path).send().expect(200); // no login: the link is the credential
        assertThat(calendar.contentType()).startsWith("text/calendar");
        String ics = calendar.text().replace("\r\n ", "");
        String keptEntry = ics.substring(ics.indexOf("UID:" + kept));
        assertThat(keptEntry.substring(0, keptEntry.indexOf("END:VEVENT"))).contains("STATUS:CONFIRMED");
        String droppedEntry = ics.substring(ics.indexOf("UID:" + dropped));
        assertThat(droppedEntry.substring(0, droppedEntry.indexOf("END:VEVENT"))).contains("STATUS:CANCELLED");

        String newPath = api.post("/api/v1/users/me/calendar-feed").bearer(attendee).send().expect(200).body().get("url").asString()
                .replaceFirst("^https?://[^/]+", "");
        api.get(path).send().expect(404);
        api.get(newPath).send().expect(200);
        api.get("/calendar/not-a-token.ics").send().expect(404);
        api.post("/api/v1/users/me/calendar-feed").send().expect(401);
    }

    @Test
    void aLineBreakInATitleIsRefusedSoItCannotAddMailHeaders() {
        Map<String, Object> event = EventCatalogIT.event("Party\r\nBcc: intruder@example.com");

        int status = api.post("/api/v1/events").bearer(organizer).json(event).send().status();

        // refused at the door; a subject that carried one all the same (an event stored before the rule) is put on
        // one line by MailMessage (MailMessageTest.lineBreaksInTheSubjectCannotStartNewHeaders)
        assertThat(status).isEqualTo(400);
        assertThat(mailsTo("intruder@example.com")).isEmpty();
    }

    @Test
    void participantsAreToldWhatChangedFromWhatToWhat() {
        String eventId = event("Changing plans", 10);
        Session first = api.register("attendee");
        Session second = api.register("attendee");
        api.book(first, eventId);
        api.book(second, eventId);

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("location", "Haifa, Port 3")).send().expect(200);

        for (Session participant : List.of(first, second)) {
            await().atMost(PATIENCE).until(() -> mailsTo(participant.email(), "Changed:").size() == 1);
            String body = GreenMailUtil.getBody(mailsTo(participant.email(), "Changed:").getFirst());
            assertThat(body).contains("location: Tel Aviv, Rothschild 1").contains("Haifa, Port 3");
        }
        assertThat(mailsTo(organizer.email(), "Changed:")).isEmpty();
    }

    @Test
    void cancellingAnEventTellsEachParticipantOnceThatTheEventIsCancelled() {
        String eventId = event("Rained off", 1);
        Session seated = api.register("attendee");
        Session waiting = api.register("attendee");
        api.book(seated, eventId);
        api.book(waiting, eventId);

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);

        for (Session participant : List.of(seated, waiting)) {
            await().atMost(PATIENCE).until(() -> mailsTo(participant.email(), "Cancelled: Rained off").size() == 1);
            assertThat(inAppOfType(participant, "event_cancelled").at("/data/event_id").asString()).isEqualTo(eventId);
        }
        // their bookings went with the event: that is the same news, not a second message
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> List.of(seated, waiting).stream().allMatch(p ->
                mailsTo(p.email(), "Cancelled:").size() == 1 && mailsTo(p.email(), "Booking cancelled").isEmpty()
                        && mailsTo(p.email(), "You have a seat").isEmpty()));
    }

    @Test
    void theNextInLineIsToldWhenADeletedAccountFreesASeat() {
        String eventId = event("Second chance", 1);
        Session leaving = api.register("attendee");
        Session waiting = api.register("attendee");
        api.book(leaving, eventId);
        api.book(waiting, eventId);

        api.delete("/api/v1/users/" + leaving.userId()).bearer(leaving).send().expect(204);

        await().atMost(PATIENCE).until(() -> mailsTo(waiting.email(), "You have a seat: Second chance").size() == 1);
        assertThat(inAppOfType(waiting, "booking_promoted").at("/data/event_id").asString()).isEqualTo(eventId);
        assertThat(mailsTo(leaving.email(), "Booking cancelled")).isEmpty(); // nobody left to tell
    }

    @Test
    void aUserWhoTurnedBookingMailsOffGetsNoneButStillSeesItInTheApp() {
        Session attendee = api.register("attendee");
        JsonNode preferences = api.put("/api/v1/users/me/notification-preferences").bearer(attendee)
                .json(Map.of("booking_confirmed", Map.of("email", false))).send().expect(200).body();
        assertThat(preferences.at("/booking_confirmed/email").asBoolean()).isFalse();
        assertThat(preferences.at("/booking_confirmed/in_app").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/users/me/notification-preferences").bearer(attendee).send().body()
                .at("/booking_confirmed/email").asBoolean()).isFalse();

        String eventId = event("Quiet booking", 10);
        api.book(attendee, eventId);

        inAppOfType(attendee, "booking_confirmed");
        assertThat(mailsTo(attendee.email(), "Seat confirmed")).isEmpty();
    }

    @Test
    void preferencesRejectUnknownTypesChannelsAndValues() {
        Session user = api.register("attendee");
        JsonNode problem = api.put("/api/v1/users/me/notification-preferences").bearer(user)
                .json(Map.of("parties", Map.of("email", false), "reminder", Map.of("pigeon", true, "email", "yes")))
                .send().expect(400).body();
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("parties", "reminder.pigeon", "reminder.email");
        api.put("/api/v1/users/me/notification-preferences").bearer(user).raw("application/json", "[1]").send().expect(400);
        api.get("/api/v1/users/me/notification-preferences").send().expect(401);
    }

    @Test
    void mailsWaitWhileSmtpIsDownAndGoOutWhenItIsBack() {
        GreenMail smtp = TestInfrastructure.mail();
        Session attendee = api.register("attendee");
        String eventId = event("Outage night", 10);
        smtp.stop();
        try {
            api.book(attendee, eventId);
            JsonNode inApp = inAppOfType(attendee, "booking_confirmed");
            String emailId = emailIdFor(attendee, inApp);
            JsonNode pending = await().atMost(PATIENCE).until(
                    () -> api.get("/api/v1/notifications/" + emailId + "/status").bearer(attendee).send().body(),
                    s -> s.get("attempts").asInt() >= 1);
            assertThat(pending.get("status").asString()).isEqualTo("pending");
            assertThat(pending.get("details").asString()).isNotBlank();
        } finally {
            smtp.start();
        }
        await().atMost(PATIENCE).until(() -> mailsTo(attendee.email(), "Seat confirmed").size() == 1);
    }

    @Test
    void aMailThatKeepsFailingEndsAsFailedWithTheReasonAndAdminsSeeIt() {
        GreenMail smtp = TestInfrastructure.mail();
        Session attendee = api.register("attendee");
        String eventId = event("Never delivered", 10);
        JsonNode failed;
        smtp.stop();
        try {
            api.book(attendee, eventId);
            String emailId = emailIdFor(attendee, inAppOfType(attendee, "booking_confirmed"));
            failed = await().atMost(PATIENCE).until(
                    () -> api.get("/api/v1/notifications/" + emailId + "/status").bearer(attendee).send().body(),
                    s -> s.get("status").asString().equals("failed"));
        } finally {
            smtp.start();
        }
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("details").asString()).isNotBlank();
        assertThat(failed.get("channel").asString()).isEqualTo("email");
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        assertThat(api.get("/api/v1/notifications/failed").bearer(admin).send().expect(200).body().get("items").toString())
                .contains(failed.get("notification_id").asString());
        api.get("/api/v1/notifications/failed").bearer(attendee).send().expect(403);
        api.get("/api/v1/notifications/" + failed.get("notification_id").asString() + "/status").bearer(api.register("attendee"))
                .send().expect(404);
    }

    /** The e-mail delivery of the same notification, as the in-app list names it. */
    private String emailIdFor(Session user, JsonNode inApp) {
        assertThat(inApp.get("email").isObject()).as("an e-mail twin is listed").isTrue();
        return inApp.at("/email/notification_id").asString();
    }
}
