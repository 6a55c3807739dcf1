package io.eventflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.FormBrowser;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * The audit log end to end on PostgreSQL: each audited change writes exactly one entry naming the actor, the target and
 * the client's address (from {@code X-Forwarded-For}, believed because the test talks through loopback, a trusted
 * proxy); a refused change writes none; only admins read it; filters, paging and retention.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditLogIT {

    private static final String ADMIN_ADDRESS = "203.0.113.7";
    private static final String ORGANIZER_ADDRESS = "198.51.100.23";

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    AuditRetention retention;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Session admin() {
        return api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
    }

    private Response audit(String query) {
        return api.get("/api/v1/admin/audit?" + query).bearer(admin()).send();
    }

    private List<JsonNode> entriesFor(Object target) {
        Response found = audit("target=" + target).expect(200);
        List<JsonNode> items = new ArrayList<>();
        found.body().get("items").forEach(items::add);
        assertThat(found.body().get("total").asLong()).isEqualTo(items.size());
        return items;
    }

    private static void assertActor(JsonNode entry, Session actor, String address) {
        assertThat(entry.get("actor_id").asString()).isEqualTo(actor.userId().toString());
        assertThat(entry.get("actor_name").asString()).isEqualTo(actor.username());
        assertThat(entry.get("client_address").asString()).isEqualTo(address);
        assertThat(entry.get("request_id").asString()).isNotBlank();
        assertThat(Instant.parse(entry.get("occurred_at").asString())).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    private Response changeRole(Api from, Session admin, Session user, String role) {
        return from.put("/api/v1/users/" + user.userId()).bearer(admin)
                .json(Map.of("username", user.username(), "email", user.email(), "role", role)).send();
    }

    @Test
    void anAdminChangingARoleWritesOneEntryWithActorTargetAndAddress() {
        Session user = api.register("attendee");
        Api fromAdmin = api.from(ADMIN_ADDRESS);
        Session admin = fromAdmin.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);

        changeRole(fromAdmin, admin, user, "organizer").expect(200);

        List<JsonNode> entries = entriesFor(user.userId());
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.getFirst();
        assertThat(entry.get("action").asString()).isEqualTo("user.role_changed");
        assertThat(entry.get("target_type").asString()).isEqualTo("user");
        assertThat(entry.get("target_id").asString()).isEqualTo(user.userId().toString());
        assertThat(entry.get("detail").get("from").asString()).isEqualTo("attendee");
        assertThat(entry.get("detail").get("to").asString()).isEqualTo("organizer");
        assertActor(entry, admin, ADMIN_ADDRESS);
    }

    @Test
    void anAdminChangingSomeoneElsesAccountIsRecordedByFieldNamesAndTheUserChangingTheirOwnIsNot() {
        Session user = api.register("attendee");
        api.patch("/api/v1/users/me").bearer(user).json(Map.of("username", user.username() + "x")).send().expect(200);
        assertThat(entriesFor(user.userId())).isEmpty();
        Api fromAdmin = api.from(ADMIN_ADDRESS);
        Session admin = fromAdmin.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);

        fromAdmin.put("/api/v1/users/" + user.userId()).bearer(admin).json(Map.of("username", user.username() + "y",
                "email", user.email(), "password", "a-new-secret-password")).send().expect(200);

        Response found = audit("target=" + user.userId()).expect(200);
        assertThat(found.text()).doesNotContain("a-new-secret-password");
        List<JsonNode> entries = entriesFor(user.userId());
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("action").asString()).isEqualTo("user.updated_by_admin");
        assertThat(entries.getFirst().get("detail").get("fields")).extracting(JsonNode::asString)
                .containsExactly("password", "username");
        assertActor(entries.getFirst(), admin, ADMIN_ADDRESS);
    }

    @Test
    void aRoleChangeRefusedLaterInItsTransactionLeavesNoEntry() {
        Session user = api.register("attendee");
        Session other = api.register("attendee");
        Session admin = admin();

        // the role is changed and its event published before the taken username is found: the whole change rolls back
        Response refused = api.put("/api/v1/users/" + user.userId()).bearer(admin)
                .json(Map.of("username", other.username(), "email", user.email(), "role", "organizer")).send();

        assertThat(refused.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/users/" + user.userId()).bearer(admin).send().expect(200).body().get("role").asString())
                .isEqualTo("attendee");
        assertThat(entriesFor(user.userId())).isEmpty();
    }

    @Test
    void anAccountDeletionWritesOneEntryNamingWhoDeletedIt() {
        Session user = api.register("organizer");
        Api fromUser = api.from(ORGANIZER_ADDRESS);

        fromUser.delete("/api/v1/users/" + user.userId()).bearer(user).send().expect(204);

        List<JsonNode> entries = entriesFor(user.userId());
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("action").asString()).isEqualTo("user.deleted");
        assertActor(entries.getFirst(), user, ORGANIZER_ADDRESS);
    }

    @Test
    void anEventCancellationWritesOneEntry() {
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Cancelled talk"));
        api.book(api.register("attendee"), eventId); // its booking is cancelled with it, in the event's entry only
        Api fromOrganizer = api.from(ORGANIZER_ADDRESS);

        fromOrganizer.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("status", "cancelled")).send()
                .expect(200);

        List<JsonNode> entries = entriesFor(eventId);
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.getFirst();
        assertThat(entry.get("action").asString()).isEqualTo("event.cancelled");
        assertThat(entry.get("target_type").asString()).isEqualTo("event");
        assertThat(entry.get("detail").get("title").asString()).isEqualTo("Cancelled talk");
        assertActor(entry, organizer, ORGANIZER_ADDRESS);
    }

    @Test
    void aTicketCheckInWritesOneEntry() {
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Door"));
        Session guest = api.register("attendee");
        String bookingId = api.book(guest, eventId).get("id").asString();
        String code = api.get("/api/v1/bookings/" + bookingId + "/ticket").bearer(guest).send().expect(200).body()
                .get("code").asString();
        Api atTheDoor = api.from(ORGANIZER_ADDRESS);

        atTheDoor.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer).json(Map.of("code", code)).send()
                .expect(200);
        assertThat(atTheDoor.post("/api/v1/events/" + eventId + "/check-in").bearer(organizer).json(Map.of("code", code))
                .send().status()).isEqualTo(409); // refused twice: still one entry

        List<JsonNode> entries = entriesFor(bookingId);
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.getFirst();
        assertThat(entry.get("action").asString()).isEqualTo("booking.checked_in");
        assertThat(entry.get("target_type").asString()).isEqualTo("booking");
        assertThat(entry.get("detail").get("method").asString()).isEqualTo("ticket");
        assertThat(entry.get("detail").get("user_id").asString()).isEqualTo(guest.userId().toString());
        assertActor(entry, organizer, ORGANIZER_ADDRESS);
    }

    @Test
    void anArrivalOnSiteIsACheckInOfItsOwn() {
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("On site")); // 10 days ahead, at 32.0636, 34.7745
        Session guest = api.register("attendee");
        String bookingId = api.book(guest, eventId).get("id").asString();

        clock.advance(Duration.ofDays(10).minusMinutes(30)); // half an hour before the start: arrivals are open
        Session there = api.login(guest.username(), guest.password());
        api.from(ORGANIZER_ADDRESS).post("/api/v1/events/" + eventId + "/arrival").bearer(there)
                .json(Map.of("latitude", 32.0637, "longitude", 34.7746)).send().expect(200);

        List<JsonNode> entries = entriesFor(bookingId);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("action").asString()).isEqualTo("booking.checked_in");
        assertThat(entries.getFirst().get("detail").get("method").asString()).isEqualTo("arrival");
        assertThat(entries.getFirst().get("actor_id").asString()).isEqualTo(guest.userId().toString());
        assertThat(entries.getFirst().get("client_address").asString()).isEqualTo(ORGANIZER_ADDRESS);
    }

    @Test
    void theOrganizerCancellingSomeonesBookingIsRecordedAndTheHolderCancellingTheirOwnIsNot() {
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Bouncer"));
        Session guest = api.register("attendee");
        Session other = api.register("attendee");
        String theirs = api.book(guest, eventId).get("id").asString();
        String own = api.book(other, eventId).get("id").asString();

        api.from(ORGANIZER_ADDRESS).delete("/api/v1/bookings/" + theirs).bearer(organizer).send().expect(204);
        api.delete("/api/v1/bookings/" + own).bearer(other).send().expect(204);

        List<JsonNode> entries = entriesFor(theirs);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("action").asString()).isEqualTo("booking.cancelled_by_manager");
        assertThat(entries.getFirst().get("detail").get("user_id").asString()).isEqualTo(guest.userId().toString());
        assertActor(entries.getFirst(), organizer, ORGANIZER_ADDRESS);
        assertThat(entriesFor(own)).isEmpty();
    }

    @Test
    void anAdminDeletingSomeoneElsesEventIsRecordedAndTheOrganizerEditingTheirOwnIsNot() {
        Session organizer = api.register("organizer");
        String eventId = api.createEvent(organizer, EventCatalogIT.event("Moderated"));
        Session admin = api.from(ADMIN_ADDRESS).login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);

        api.patch("/api/v1/events/" + eventId).bearer(organizer).json(Map.of("title", "Moderated, renamed")).send().expect(200);
        assertThat(entriesFor(eventId)).isEmpty();
        api.from(ADMIN_ADDRESS).patch("/api/v1/events/" + eventId).bearer(admin).json(Map.of("capacity", 40)).send().expect(200);
        api.from(ADMIN_ADDRESS).delete("/api/v1/events/" + eventId).bearer(admin).send().expect(204);

        List<JsonNode> entries = entriesFor(eventId);
        assertThat(entries).extracting(e -> e.get("action").asString())
                .containsExactly("event.deleted", "event.updated_by_admin"); // newest first
        assertThat(entries.get(1).get("detail").get("fields").get(0).asString()).isEqualTo("capacity");
        entries.forEach(e -> assertActor(e, admin, ADMIN_ADDRESS));
    }

    @Test
    void onlyAdminsReadTheLog() {
        Response anonymous = api.get("/api/v1/admin/audit").send();
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
        for (String role : List.of("attendee", "organizer")) {
            Response refused = api.get("/api/v1/admin/audit").bearer(api.register(role)).send();
            assertThat(refused.status()).as(role).isEqualTo(403);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
        }
        assertThat(audit("").status()).isEqualTo(200);
    }

    @Test
    void filtersCombineAndPagesGoNewestFirst() {
        Session user = api.register("attendee");
        Session admin = admin();
        Instant before = Instant.now().minusSeconds(1);
        for (String role : List.of("organizer", "attendee", "organizer")) {
            changeRole(api, admin, user, role).expect(200);
        }
        Session organizer = api.register("organizer");
        String cancelled = api.createEvent(organizer, EventCatalogIT.event("One"));
        String deleted = api.createEvent(organizer, EventCatalogIT.event("Two"));
        api.patch("/api/v1/events/" + cancelled).bearer(organizer).json(Map.of("status", "cancelled")).send().expect(200);
        api.delete("/api/v1/events/" + deleted).bearer(organizer).send().expect(204);

        Response first = audit("target=" + user.userId() + "&action=user.role_changed&size=2").expect(200);
        assertThat(first.body().get("total").asLong()).isEqualTo(3);
        assertThat(first.body().get("size").asInt()).isEqualTo(2);
        assertThat(first.body().get("items")).extracting(e -> e.get("detail").get("to").asString())
                .containsExactly("organizer", "attendee");
        Response second = audit("target=" + user.userId() + "&action=user.role_changed&size=2&page=1").expect(200);
        assertThat(second.body().get("items")).extracting(e -> e.get("detail").get("from").asString())
                .containsExactly("attendee");

        assertThat(audit("actor=" + organizer.userId()).expect(200).body().get("total").asLong()).isEqualTo(2);
        JsonNode deletions = audit("actor=" + organizer.userId() + "&action=event.deleted").expect(200).body();
        assertThat(deletions.get("total").asLong()).isEqualTo(1);
        assertThat(deletions.get("items").get(0).get("target_id").asString()).isEqualTo(deleted);
        assertThat(audit("actor=" + organizer.userId() + "&target_type=user").expect(200).body().get("total").asLong())
                .isZero();
        assertThat(audit("target=" + user.userId() + "&from=" + before).expect(200).body().get("total").asLong()).isEqualTo(3);
        assertThat(audit("target=" + user.userId() + "&to=" + before).expect(200).body().get("total").asLong()).isZero();
        assertThat(audit("target=" + user.userId() + "&from=" + Instant.now().plusSeconds(60)).expect(200).body()
                .get("total").asLong()).isZero();

        Response badAction = audit("action=user.renamed");
        assertThat(badAction.status()).isEqualTo(400);
        assertThat(badAction.body().get("errors").get(0).get("field").asString()).isEqualTo("action");
        assertThat(audit("from=yesterday").status()).isEqualTo(400);
        assertThat(audit("actor=not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void retentionDeletesOnlyEntriesOlderThanItKeeps() {
        Session user = api.register("attendee");
        changeRole(api, admin(), user, "organizer").expect(200);

        clock.advance(Duration.ofDays(366)); // the default retention is 365 days
        changeRole(api, admin(), user, "attendee").expect(200); // a fresh token: the old one expired with the move
        int deleted = retention.deleteExpired();

        assertThat(deleted).isPositive();
        List<JsonNode> left = entriesFor(user.userId());
        assertThat(left).hasSize(1);
        assertThat(left.getFirst().get("detail").get("to").asString()).isEqualTo("attendee");
        assertThat(retention.deleteExpired()).isZero(); // idempotent: a second run, on this node or another, finds nothing
    }

    @Test
    void theRouteIsInTheOpenApiDocument() {
        assertThat(api.get("/v3/api-docs").send().expect(200).text()).contains("/api/v1/admin/audit");
    }

    @Test
    void thePageListsEntriesForAdminsOnly() {
        Session user = api.register("attendee");
        changeRole(api, admin(), user, "organizer").expect(200);

        FormBrowser browser = new FormBrowser();
        browser.signIn(api, TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        var page = browser.get(api, "/admin/audit?target=" + user.userId());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Audit log").contains("user.role_changed").contains("from: attendee")
                .contains(TestInfrastructure.ADMIN_USERNAME).contains("href=\"/admin/audit\"");
        assertThat(browser.get(api, "/admin/audit?from=someday").body()).contains("must be a date");

        Session attendee = api.register("attendee");
        FormBrowser other = new FormBrowser();
        other.signIn(api, attendee.username(), attendee.password());
        assertThat(other.status(api, "/admin/audit")).isEqualTo(403);
        assertThat(other.get(api, "/events").body()).doesNotContain("/admin/audit");
    }
}
