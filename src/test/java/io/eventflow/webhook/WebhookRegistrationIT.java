package io.eventflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Registering and managing endpoints with the shipped settings, on PostgreSQL: addresses outside the public internet
 * are refused (the default: nothing here allows them), bad input is a 400 naming the field, nothing is stored for a
 * refused request, and endpoints are their owner's and the admins' only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookRegistrationIT {

    /** A public address that is never called here: none of the event types below happens in these tests. */
    private static final String PUBLIC_URL = "https://93.184.215.14/eventflow";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    Api api;
    Session organizer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
    }

    private Response register(Session as, Map<String, ?> body) {
        return api.post("/api/v1/webhooks").bearer(as).json(body).send();
    }

    private long stored() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_endpoints WHERE owner_id = ?", Long.class,
                organizer.userId());
        return count == null ? 0 : count;
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/",
            "http://localhost:8080/hook", "https://10.0.0.5/", "http://192.168.0.1/", "http://172.20.1.1/",
            "http://100.64.1.1/", "http://0.0.0.0/", "http://[fe80::1]/", "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/" })
    void refusesEndpointsOutsideThePublicInternetByDefault(String url) {
        Response refused = register(organizer, Map.of("url", url, "event_types", List.of("booking.confirmed")));
        refused.expect(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().at("/errors/0/field").asString()).isEqualTo("url");
        assertThat(refused.body().at("/errors/0/message").asString()).contains("which webhooks may not reach");
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://93.184.215.14/", "file:///etc/passwd", "/relative", "http://user:secret@93.184.215.14/",
            "javascript:alert(1)", "http://" })
    void refusesWhatIsNotAnHttpUrlAsBadInput(String url) {
        Response refused = register(organizer, Map.of("url", url, "event_types", List.of("booking.confirmed")));
        refused.expect(400);
        assertThat(refused.body().at("/errors/0/field").asString()).isEqualTo("url");
        assertThat(stored()).isZero();
    }

    @Test
    void refusesUnknownOrMissingEventTypesNamingThem() {
        Response unknown = register(organizer, Map.of("url", PUBLIC_URL, "event_types", List.of("booking.confirmed", "party.started")));
        unknown.expect(400);
        assertThat(unknown.body().at("/errors/0/field").asString()).isEqualTo("event_types");
        assertThat(unknown.body().at("/errors/0/message").asString()).contains("party.started").contains("checkin.created");
        register(organizer, Map.of("url", PUBLIC_URL, "event_types", List.of())).expect(400);
        register(organizer, Map.of("url", PUBLIC_URL)).expect(400);
        api.post("/api/v1/webhooks").bearer(organizer).raw("application/json", "{\"url\": ").send().expect(400);
        assertThat(stored()).isZero();
    }

    @Test
    void onlyOrganizersAndAdminsRegisterAndOnlyAdminsForEveryEvent() {
        Session attendee = api.register("attendee");
        register(attendee, Map.of("url", PUBLIC_URL, "event_types", List.of("event.created"))).expect(403);
        api.get("/api/v1/webhooks").bearer(attendee).send().expect(403);
        api.post("/api/v1/webhooks").json(Map.of("url", PUBLIC_URL, "event_types", List.of("event.created"))).send().expect(401);
        register(organizer, Map.of("url", PUBLIC_URL, "event_types", List.of("event.created"), "all_events", true)).expect(403);
        assertThat(stored()).isZero();

        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        JsonNode all = register(admin, Map.of("url", PUBLIC_URL, "event_types", List.of("event.deleted"))).expect(201).body();
        assertThat(all.get("all_events").asBoolean()).isTrue();
        JsonNode own = register(admin, Map.of("url", PUBLIC_URL, "event_types", List.of("event.deleted"), "all_events", false))
                .expect(201).body();
        assertThat(own.get("all_events").asBoolean()).isFalse();
        api.delete("/api/v1/webhooks/" + all.get("id").asString()).bearer(admin).send().expect(204);
        api.delete("/api/v1/webhooks/" + own.get("id").asString()).bearer(admin).send().expect(204);
    }

    @Test
    void anotherOrganizerCannotSeeOrTouchTheWebhookButAnAdminCan() {
        Response created = register(organizer, Map.of("url", PUBLIC_URL, "event_types", List.of("event.deleted"),
                "description", "CRM sync"));
        created.expect(201);
        String id = created.body().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + id);
        String base = "/api/v1/webhooks/" + id;
        String someDelivery = "/deliveries/" + java.util.UUID.randomUUID() + "/resend";
        Map<String, ?> replacement = Map.of("url", PUBLIC_URL + "/other", "event_types", List.of("event.created"));

        Session other = api.register("organizer");
        api.get(base).bearer(other).send().expect(404);
        api.put(base).bearer(other).json(replacement).send().expect(404);
        api.delete(base).bearer(other).send().expect(404);
        api.post(base + "/rotate-secret").bearer(other).send().expect(404);
        api.get(base + "/deliveries").bearer(other).send().expect(404);
        api.post(base + someDelivery).bearer(other).send().expect(404);
        assertThat(api.get("/api/v1/webhooks").bearer(other).send().expect(200).body().get("total").asInt()).isZero();
        Session attendee = api.register("attendee");
        api.get(base).bearer(attendee).send().expect(403);

        // still as it was
        JsonNode mine = api.get(base).bearer(organizer).send().expect(200).body();
        assertThat(mine.get("url").asString()).isEqualTo(PUBLIC_URL);
        assertThat(mine.get("description").asString()).isEqualTo("CRM sync");
        assertThat(api.get("/api/v1/webhooks").bearer(organizer).send().expect(200).body().get("total").asInt()).isEqualTo(1);

        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        api.get(base).bearer(admin).send().expect(200);
        api.get(base + "/deliveries").bearer(admin).send().expect(200);
        api.post(base + someDelivery).bearer(organizer).send().expect(404);
        JsonNode replaced = api.put(base).bearer(organizer).json(replacement).send().expect(200).body();
        assertThat(replaced.get("event_types")).hasSize(1);
        assertThat(replaced.get("url").asString()).isEqualTo(PUBLIC_URL + "/other");
        api.put(base).bearer(organizer).json(Map.of("url", "http://127.0.0.1/", "event_types", List.of("event.created")))
                .send().expect(422);
        assertThat(api.get(base).bearer(organizer).send().body().get("url").asString()).isEqualTo(PUBLIC_URL + "/other");
        api.delete(base).bearer(admin).send().expect(204);
        api.get(base).bearer(organizer).send().expect(404);
        assertThat(stored()).isZero();
    }

    private String delivery(String webhookId, String status, java.time.Duration due) {
        java.util.UUID id = java.util.UUID.randomUUID();
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        jdbc.update("INSERT INTO webhook_deliveries (id, endpoint_id, source_key, message_id, event_type, payload, status, "
                + "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'event.deleted', '{}', ?, 1, ?, ?)", id,
                java.util.UUID.fromString(webhookId), "test:" + id, "msg_" + id.toString().replace("-", ""), status,
                java.sql.Timestamp.from(java.time.Instant.now().plus(due)), now);
        return id.toString();
    }

    @Test
    void resendsNeitherAPendingDeliveryNorOneOfAPausedEndpoint() {
        String id = register(organizer, Map.of("url", PUBLIC_URL, "event_types", List.of("event.deleted"))).expect(201)
                .body().get("id").asString();
        String pending = delivery(id, "pending", java.time.Duration.ofDays(1));
        Response refused = api.post("/api/v1/webhooks/" + id + "/deliveries/" + pending + "/resend").bearer(organizer).send();
        refused.expect(409);
        assertThat(refused.body().get("detail").asString()).contains("still pending");

        String failed = delivery(id, "failed", java.time.Duration.ZERO);
        api.put("/api/v1/webhooks/" + id).bearer(organizer).json(Map.of("url", PUBLIC_URL, "event_types",
                List.of("event.deleted"), "enabled", false)).send().expect(200);
        Response paused = api.post("/api/v1/webhooks/" + id + "/deliveries/" + failed + "/resend").bearer(organizer).send();
        paused.expect(409);
        assertThat(paused.body().get("detail").asString()).contains("disabled");
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = ?", Long.class,
                java.util.UUID.fromString(id));
        assertThat(rows).as("nothing queued by a refused resend").isEqualTo(2);
        api.delete("/api/v1/webhooks/" + id).bearer(organizer).send().expect(204);
    }

    @Test
    void limitsTheEndpointsOfOneOwner() {
        for (int i = 0; i < 20; i++) {
            register(organizer, Map.of("url", PUBLIC_URL + "/" + i, "event_types", List.of("event.deleted"))).expect(201);
        }
        register(organizer, Map.of("url", PUBLIC_URL + "/21", "event_types", List.of("event.deleted"))).expect(409);
        assertThat(stored()).isEqualTo(20);
    }
}
