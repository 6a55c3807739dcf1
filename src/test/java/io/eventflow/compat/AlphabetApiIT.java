package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.Api.Session;
import io.eventflow.support.TestClock;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.support.WsClient;

/** Seed 001's README, replayed on the compatibility port: Django REST framework with SimpleJWT. */
class AlphabetApiIT extends CompatTestBase {

    @Autowired
    TestClock clock;

    record Client(String username, String access, String refresh) {
    }

    private Client signUp() {
        String username = "alpha" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode tokens = compat.post("/api/auth/signup/").json(Map.of("username", username,
                "eamil", username + "@example.com", "password", "correct horse battery")).send().expect(201).body();
        return new Client(username, tokens.get("access").asString(), tokens.get("refresh").asString());
    }

    private Map<String, Object> event(String name) {
        return Map.of("name", name, "starting_time", inDays(20, 18), "end_time", inDays(20, 21), "location", "Tel Aviv");
    }

    @Test
    void signsUpAndInWithEventFlowsOwnTokens() {
        Client client = signUp();
        JsonNode signedIn = compat.post("/api/auth/signin/").json(Map.of("username", client.username(),
                "password", "correct horse battery")).send().expect(200).body();

        assertThat(signedIn.has("access")).isTrue();
        assertThat(signedIn.has("refresh")).isTrue();
        main.get("/api/v1/auth/validate").bearer(signedIn.get("access").asString()).send().expect(200);
        main.get("/api/v1/auth/validate").bearer(client.access()).send().expect(200);
    }

    @Test
    void acceptsTheCorrectlySpelledEmailToo() {
        String username = "beta" + UUID.randomUUID().toString().substring(0, 8);
        compat.post("/api/auth/signup/").json(Map.of("username", username, "email", username + "@example.com",
                "password", "correct horse battery")).send().expect(201);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Client client = signUp();
        JsonNode wrong = compat.post("/api/auth/signin/").json(Map.of("username", client.username(), "password", "nope nope"))
                .send().expect(401).body();
        JsonNode unknown = compat.post("/api/auth/signin/").json(Map.of("username", "nobody-" + UUID.randomUUID(),
                "password", "nope nope")).send().expect(401).body();
        assertThat(wrong).isEqualTo(unknown);
        assertThat(wrong.get("detail").asString()).isEqualTo("No active account found with the given credentials");
    }

    @Test
    void refusesABadSignUpNamingTheFieldDjangoStyle() {
        JsonNode error = compat.post("/api/auth/signup/").json(Map.of("username", "x" + UUID.randomUUID().toString().substring(0, 6),
                "eamil", "not-an-address", "password", "correct horse battery")).send().expect(400).body();
        assertThat(error.get("email").isArray()).isTrue();
        compat.post("/api/auth/signup/").json(Map.of("eamil", "a@b.example")).send().expect(400);
    }

    @Test
    void anAttendeeWhoPublishesBecomesAnOrganizerAndStaysSignedIn() {
        Client client = signUp();
        JsonNode created = compat.post("/api/events/").bearer(client.access()).json(event("Launch party")).send()
                .expect(201).body();

        JsonNode event = created.get("event");
        assertThat(event.get("id").isIntegralNumber()).isTrue();
        assertThat(event.get("name").asString()).isEqualTo("Launch party");
        assertThat(event.get("participants").isArray()).isTrue();
        // the same token still works, on both APIs, and a refreshed one carries the new role
        main.get("/api/v1/auth/validate").bearer(client.access()).send().expect(200);
        JsonNode refreshed = main.post("/api/v1/auth/refresh").json(Map.of("refresh_token", client.refresh())).send()
                .expect(200).body();
        assertThat(refreshed.get("user").get("role").asString()).isEqualTo("organizer");
        compat.put("/api/event/" + event.get("id").asLong()).bearer(client.access()).json(Map.of("location", "Jaffa"))
                .send().expect(200);
    }

    @Test
    void readsChangesAndDeletesAnEventByNumber() {
        Client client = signUp();
        long id = compat.post("/api/events/").bearer(client.access()).json(event("Meetup")).send().expect(201).body()
                .get("event").get("id").asLong();

        JsonNode read = compat.get("/api/event/" + id).send().expect(200).body();
        assertThat(read.get("starting_time").asString()).isEqualTo(inDays(20, 18) + "Z");
        JsonNode changed = compat.put("/api/event/" + id).bearer(client.access())
                .json(Map.of("name", "Meetup (moved)", "participants", List.of(1, 2), "updated_at", "ignored")).send()
                .expect(200).body();
        assertThat(changed.get("name").asString()).isEqualTo("Meetup (moved)");
        assertThat(changed.get("location").asString()).isEqualTo("Tel Aviv");

        compat.put("/api/event/" + id).json(Map.of("name", "anonymous")).send().expect(401);
        Client other = signUp();
        compat.put("/api/event/" + id).bearer(other.access()).json(Map.of("name", "not mine")).send().expect(403);
        compat.delete("/api/event/" + id).bearer(other.access()).send().expect(403);

        assertThat(compat.delete("/api/event/" + id).bearer(client.access()).send().expect(200).body().get("message")
                .asString()).contains("deleted");
        compat.get("/api/event/" + id).send().expect(404);
    }

    @Test
    void theOrganizerSeesParticipantsOthersSeeOnlyThemselves() {
        Session organizer = main.register("organizer");
        String uuid = main.createEvent(organizer, io.eventflow.catalog.EventCatalogIT.event("Guest list"));
        long number = main.get("/api/v1/events/" + uuid).send().expect(200).body().get("number").asLong();
        Session guest = main.register("attendee");
        main.book(guest, uuid);
        long guestNumber = main.get("/api/v1/users/" + guest.userId()).bearer(guest).send().expect(200).body()
                .get("number").asLong();

        assertThat(compat.get("/api/event/" + number).bearer(organizer).send().expect(200).body().get("participants"))
                .extracting(JsonNode::asLong).containsExactly(guestNumber);
        assertThat(compat.get("/api/event/" + number).bearer(guest).send().expect(200).body().get("participants"))
                .extracting(JsonNode::asLong).containsExactly(guestNumber);
        assertThat(compat.get("/api/event/" + number).send().expect(200).body().get("participants")).isEmpty();
    }

    @Test
    void searchesEventsAtALocation() {
        Client client = signUp();
        String place = "Kibbutz " + UUID.randomUUID().toString().substring(0, 6);
        compat.post("/api/events/").bearer(client.access()).json(Map.of("name", "Harvest", "starting_time", inDays(9, 9),
                "end_time", inDays(9, 12), "location", place)).send().expect(201);

        JsonNode found = compat.get("/api/search_event/" + place.replace(" ", "%20")).send().expect(200).body();
        assertThat(found).extracting(e -> e.get("name").asString()).containsExactly("Harvest");
        assertThat(compat.get("/api/events/").send().expect(200).body().isArray()).isTrue();
    }

    @Test
    void refusesAChangeOnceTheEventHasStarted() {
        Client client = signUp();
        Instant start = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        long id = compat.post("/api/events/").bearer(client.access()).json(Map.of("name", "Soon", "starting_time",
                start.toString(), "end_time", start.plus(Duration.ofHours(2)).toString(), "location", "Here")).send()
                .expect(201).body().get("event").get("id").asLong();
        clock.advance(Duration.ofMinutes(6)); // started; the access token (15 minutes) still valid
        try {
            JsonNode refused = compat.put("/api/event/" + id).bearer(client.access()).json(Map.of("name", "Later"))
                    .send().expect(409).body();
            assertThat(refused.get("detail").asString()).contains("started");
        } finally {
            clock.reset();
        }
        assertThat(compat.get("/api/event/" + id).send().expect(200).body().get("name").asString()).isEqualTo("Soon");
    }

    @Test
    void showsAndChangesOnlyYourOwnAccount() {
        Client client = signUp();
        String access = client.access();
        long number = main.get("/api/v1/auth/validate").bearer(access).send().expect(200).body().get("user").get("number")
                .asLong();

        JsonNode user = compat.get("/api/user/" + number).bearer(access).send().expect(200).body().get("user");
        assertThat(user.get("id").asLong()).isEqualTo(number);
        assertThat(user.get("username").asString()).isEqualTo(client.username());
        assertThat(user.has("created_at")).isTrue();

        String renamed = client.username() + "x";
        assertThat(compat.put("/api/user/" + number).bearer(access).json(Map.of("username", renamed)).send().expect(200)
                .body().get("user").get("username").asString()).isEqualTo(renamed);
        compat.put("/api/user/" + number).bearer(access).json(Map.of("email", "new@example.com")).send().expect(403);

        Client stranger = signUp();
        compat.get("/api/user/" + number).bearer(stranger.access()).send().expect(403);
        compat.delete("/api/user/" + number).bearer(stranger.access()).send().expect(403);
        compat.get("/api/user/" + number).send().expect(401);
        Session admin = main.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        compat.get("/api/user/" + number).bearer(admin).send().expect(200);

        assertThat(compat.delete("/api/user/" + number).bearer(access).send().expect(200).body().get("message").asString())
                .contains("deleted");
        main.get("/api/v1/auth/validate").bearer(access).send().expect(401);
    }

    @Test
    void pushesAnEventsFramesToTheDjangoChannelsPath() {
        Client client = signUp();
        long id = compat.post("/api/events/").bearer(client.access()).json(event("Channel")).send().expect(201).body()
                .get("event").get("id").asLong();
        try (WsClient socket = WsClient.connect(compat, "/ws/events/" + id + "/")) {
            compat.put("/api/event/" + id).bearer(client.access()).json(Map.of("location", "Ramat Gan")).send().expect(200);
            assertThat(socket.next("event_updated").toString()).contains("Ramat Gan");
        }
    }
}
