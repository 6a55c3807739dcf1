package io.eventflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.catalog.EventCatalogIT;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.TestInfrastructure;
import io.eventflow.webhook.Receiver.Received;
import io.eventflow.webhook.Receiver.Reply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end on PostgreSQL, delivering to an HTTP server in the test JVM on loopback — which is why this
 * context sets {@code allow-private-addresses} (refused by default: {@code WebhookRegistrationIT}) — with short
 * timeouts and back-off so retries happen within the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eventflow.webhook.allow-private-addresses=true",
        "eventflow.webhook.connect-timeout=500ms",
        "eventflow.webhook.read-timeout=1s",
        "eventflow.webhook.retry-base=200ms",
        "eventflow.webhook.retry-max=1s",
        "eventflow.webhook.max-attempts=4",
        "eventflow.webhook.disable-after=3",
        "eventflow.webhook.dispatch-every=50ms",
        "eventflow.webhook.rotation-grace=1h" })
class WebhookDeliveryIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Receiver receiver;

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    DeliveryWorker worker;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    Api api;
    Session organizer;
    Session attendee;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = new Receiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        organizer = api.register("organizer");
        attendee = api.register("attendee");
    }

    private JsonNode register(Session owner, String path, List<String> types) {
        return api.post("/api/v1/webhooks").bearer(owner)
                .json(Map.of("url", receiver.url(path), "event_types", types, "description", "test " + path))
                .send().expect(201).body();
    }

    private List<Received> awaitReceived(String path, int count) {
        await().atMost(WAIT).until(() -> receiver.at(path).size() >= count);
        return receiver.at(path);
    }

    private JsonNode deliveries(Session owner, String webhookId) {
        return api.get("/api/v1/webhooks/" + webhookId + "/deliveries").bearer(owner).send().expect(200).body();
    }

    private JsonNode awaitDelivery(Session owner, String webhookId, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            JsonNode items = deliveries(owner, webhookId).get("items");
            for (JsonNode item : items) {
                if (item.get("status").asString().equals(status)) {
                    found[0] = item;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** An implementation of the Standard Webhooks check of its own, not the application's. */
    private static boolean verifies(String secret, Received request) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        for (String signature : request.header("webhook-signature").split(" ")) {
            if (java.security.MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void deliversABookingSignedSoThatTheReceiverCanVerifyIt() throws Exception {
        JsonNode webhook = register(organizer, "/signed", List.of("booking.confirmed"));
        String secret = webhook.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(webhook.get("enabled").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/webhooks/" + webhook.get("id").asString()).bearer(organizer).send().expect(200)
                .body().has("secret")).as("the secret is shown once").isFalse();

        String eventId = api.createEvent(organizer, EventCatalogIT.event("Signed jazz"));
        String bookingId = api.book(attendee, eventId).get("id").asString();

        Received request = awaitReceived("/signed", 1).get(0);
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("webhook-id")).startsWith("msg_");
        assertThat(Long.parseLong(request.header("webhook-timestamp")))
                .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
        assertThat(request.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
        assertThat(verifies(secret, request)).as("signature verifies").isTrue();
        assertThat(verifies(secret.substring(0, secret.length() - 4) + "AAA=", request)).as("with another key").isFalse();

        JsonNode payload = JSON.readTree(request.body());
        assertThat(payload.get("type").asString()).isEqualTo("booking.confirmed");
        assertThat(payload.at("/data/booking_id").asString()).isEqualTo(bookingId);
        assertThat(payload.at("/data/event_id").asString()).isEqualTo(eventId);
        assertThat(payload.at("/data/user_id").asString()).isEqualTo(attendee.userId().toString());

        JsonNode delivery = awaitDelivery(organizer, webhook.get("id").asString(), "delivered");
        assertThat(delivery.get("status_code").asInt()).isEqualTo(200);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("event_type").asString()).isEqualTo("booking.confirmed");
        assertThat(delivery.get("message_id").asString()).isEqualTo(request.header("webhook-id"));
        assertThat(delivery.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        // only what it subscribed to: once every listener of the event's domain events has run (the outbox holds
        // nothing of it unfinished), no delivery for the event's creation was written, so none can be sent
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE ? AND completion_date IS NULL",
                Long.class, "%" + eventId + "%") == 0);
        assertThat(deliveries(organizer, webhook.get("id").asString()).get("total").asInt()).isEqualTo(1);
        assertThat(receiver.at("/signed")).hasSize(1);
    }

    @Test
    void anOrganizersWebhookHearsOfTheirOwnEventsOnlyAndAnAdminsOfEveryEvent() {
        Session admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        JsonNode mine = register(organizer, "/scope-mine", List.of("event.created"));
        JsonNode all = register(admin, "/scope-all", List.of("event.created"));
        assertThat(mine.get("all_events").asBoolean()).isFalse();
        assertThat(all.get("all_events").asBoolean()).isTrue();

        Session other = api.register("organizer");
        String othersEvent = api.createEvent(other, EventCatalogIT.event("Someone else's"));
        String ownEvent = api.createEvent(organizer, EventCatalogIT.event("Mine"));

        await().atMost(WAIT).until(() -> receiver.at("/scope-all").stream()
                .filter(r -> r.body().contains(othersEvent) || r.body().contains(ownEvent)).count() == 2);
        awaitReceived("/scope-mine", 1);
        assertThat(receiver.at("/scope-mine")).allSatisfy(r -> assertThat(r.body()).doesNotContain(othersEvent));
        assertThat(receiver.at("/scope-mine")).anySatisfy(r -> assertThat(r.body()).contains(ownEvent));
        api.delete("/api/v1/webhooks/" + all.get("id").asString()).bearer(admin).send().expect(204);
    }

    @Test
    void retriesWithBackOffAfterServerErrorsThenSucceeds() {
        receiver.script("/flaky", Reply.status(500), Reply.status(503));
        JsonNode webhook = register(organizer, "/flaky", List.of("event.created"));
        api.createEvent(organizer, EventCatalogIT.event("Flaky"));

        List<Received> requests = awaitReceived("/flaky", 3);
        assertThat(requests).extracting(r -> r.header("webhook-id")).as("one message, tried three times").containsOnly(
                requests.get(0).header("webhook-id"));
        // back-off: at least half of 200 ms, then of 400 ms (jitter takes off at most half)
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(requests.get(1).at(), requests.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        JsonNode delivery = awaitDelivery(organizer, webhook.get("id").asString(), "delivered");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("status_code").asInt()).isEqualTo(200);
        JsonNode after = api.get("/api/v1/webhooks/" + webhook.get("id").asString()).bearer(organizer).send().body();
        assertThat(after.get("consecutive_failures").asInt()).as("a success resets the count").isZero();
        assertThat(after.get("enabled").asBoolean()).isTrue();
    }

    @Test
    void givesUpAfterMaxAttemptsAndDisablesTheEndpointWithANoticeToItsOwner() {
        receiver.always("/down", new Reply(500, 0, "upstream exploded " + "x".repeat(2000)));
        JsonNode webhook = register(organizer, "/down", List.of("event.created"));
        String id = webhook.get("id").asString();
        api.createEvent(organizer, EventCatalogIT.event("Down"));

        await().atMost(WAIT).until(() -> !api.get("/api/v1/webhooks/" + id).bearer(organizer).send().body()
                .get("enabled").asBoolean());
        JsonNode disabled = api.get("/api/v1/webhooks/" + id).bearer(organizer).send().body();
        assertThat(disabled.get("consecutive_failures").asInt()).isEqualTo(3);
        assertThat(disabled.get("disabled_reason").asString()).contains("3 deliveries in a row failed").contains("HTTP 500");
        JsonNode delivery = deliveries(organizer, id).get("items").get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("status_code").asInt()).isEqualTo(500);
        assertThat(delivery.get("response_excerpt").asString()).startsWith("upstream exploded").hasSizeLessThanOrEqualTo(400);
        int sent = receiver.at("/down").size();

        await().atMost(WAIT).until(() -> {
            for (JsonNode n : api.get("/api/v1/notifications").bearer(organizer).send().body().get("items")) {
                if (n.get("type").asString().equals("webhook_disabled")) {
                    return n.at("/data/message").asString().contains(receiver.url("/down"));
                }
            }
            return false;
        });
        // disabled: nothing more is sent, even for new news
        String stillDown = api.createEvent(organizer, EventCatalogIT.event("Still down"));
        await().atMost(WAIT).until(() -> jdbc.queryForObject( // every listener of its creation has run
                "SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE ? AND completion_date IS NULL",
                Long.class, "%" + stillDown + "%") == 0);
        worker.dispatchDue();
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> receiver.at("/down").size() == sent);

        // fixed and turned on again: the pending delivery goes out, and the later news with it
        receiver.always("/down", Reply.status(204));
        api.put("/api/v1/webhooks/" + id).bearer(organizer).json(Map.of("url", receiver.url("/down"),
                "event_types", List.of("event.created"), "enabled", true)).send().expect(200);
        await().atMost(WAIT).until(() -> {
            JsonNode items = deliveries(organizer, id).get("items");
            return items.size() == 1 && items.get(0).get("status").asString().equals("delivered");
        });
        // the second event came while the endpoint was off: it is not queued for it
        assertThat(deliveries(organizer, id).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void failsAfterTheLastAttemptAndCanBeResentWithTheSameMessageId() {
        receiver.script("/resend", Reply.status(500), Reply.status(500), Reply.status(500), Reply.status(500));
        // a high disable-after is not this context's; the endpoint is turned on again before the resend
        JsonNode webhook = register(organizer, "/resend", List.of("event.created"));
        String id = webhook.get("id").asString();
        api.createEvent(organizer, EventCatalogIT.event("Resent"));
        await().atMost(WAIT).until(() -> receiver.at("/resend").size() >= 3);
        // disabled after 3 failures: turn it on, the 4th and last attempt fails too
        await().atMost(WAIT).until(() -> !api.get("/api/v1/webhooks/" + id).bearer(organizer).send().body().get("enabled").asBoolean());
        api.put("/api/v1/webhooks/" + id).bearer(organizer).json(Map.of("url", receiver.url("/resend"),
                "event_types", List.of("event.created"), "enabled", true)).send().expect(200);
        JsonNode failed = awaitDelivery(organizer, id, "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(4);
        assertThat(failed.get("next_attempt_at").isNull()).isTrue();

        JsonNode resent = api.post("/api/v1/webhooks/" + id + "/deliveries/" + failed.get("id").asString() + "/resend")
                .bearer(organizer).send().expect(202).body();
        assertThat(resent.get("status").asString()).isEqualTo("pending");
        assertThat(resent.get("message_id").asString()).isEqualTo(failed.get("message_id").asString());
        List<Received> requests = awaitReceived("/resend", 5);
        assertThat(requests.get(4).header("webhook-id")).isEqualTo(failed.get("message_id").asString());
        awaitDelivery(organizer, id, "delivered");
        assertThat(deliveries(organizer, id).get("total").asInt()).isEqualTo(2);
    }

    @Test
    void aSlowEndpointTimesOutAndIsTriedAgain() {
        receiver.script("/slow", new Reply(200, 2_500, "too late"));
        JsonNode webhook = register(organizer, "/slow", List.of("event.created"));
        api.createEvent(organizer, EventCatalogIT.event("Slow"));
        JsonNode delivery = awaitDelivery(organizer, webhook.get("id").asString(), "delivered");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
        assertThat(receiver.at("/slow")).hasSize(2);
    }

    @Test
    void anEndpointThatNeverAnswersIsRecordedAsTimedOut() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepted, read from by nobody, never answered
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/never";
            String id = api.post("/api/v1/webhooks").bearer(organizer).json(Map.of("url", url, "event_types",
                    List.of("event.created"))).send().expect(201).body().get("id").asString();
            long started = System.nanoTime();
            api.createEvent(organizer, EventCatalogIT.event("Never"));
            JsonNode[] delivery = new JsonNode[1];
            await().atMost(WAIT).until(() -> {
                JsonNode items = deliveries(organizer, id).get("items");
                delivery[0] = items.isEmpty() ? null : items.get(0);
                return delivery[0] != null && delivery[0].get("attempts").asInt() >= 1;
            });
            assertThat(delivery[0].get("status_code").isNull()).isTrue();
            assertThat(delivery[0].get("error").asString()).contains("no answer within");
            assertThat(delivery[0].get("duration_ms").asLong()).isBetween(900L, 15_000L);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
            api.delete("/api/v1/webhooks/" + id).bearer(organizer).send().expect(204);
            acceptor.interrupt();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aRotatedSecretSignsNextToTheOldOneDuringTheGracePeriod() throws Exception {
        JsonNode webhook = register(organizer, "/rotate", List.of("event.created"));
        String id = webhook.get("id").asString();
        String oldSecret = webhook.get("secret").asString();

        JsonNode rotated = api.post("/api/v1/webhooks/" + id + "/rotate-secret").bearer(organizer).send().expect(200).body();
        String newSecret = rotated.get("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Instant.parse(rotated.get("previous_secret_expires_at").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));

        api.createEvent(organizer, EventCatalogIT.event("Rotated"));
        Received request = awaitReceived("/rotate", 1).get(0);
        String[] signatures = request.header("webhook-signature").split(" ");
        assertThat(signatures).hasSize(2);
        assertThat(verifies(newSecret, request)).isTrue();
        assertThat(verifies(oldSecret, request)).isTrue();
        List<String> each = new ArrayList<>(List.of(signatures));
        assertThat(each).allSatisfy(s -> assertThat(s).startsWith("v1,"));
    }

    /** Workers racing for the same rows (as on several nodes): every message leaves exactly once. */
    @Test
    void claimersRacingForTheSameDeliveriesSendEachMessageOnce() throws Exception {
        String raceId = register(organizer, "/race", List.of("event.created")).get("id").asString();
        for (int i = 0; i < 12; i++) {
            api.createEvent(organizer, EventCatalogIT.event("Race " + i));
        }
        List<java.util.concurrent.Callable<Integer>> claimers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            claimers.add(() -> {
                int handed = 0;
                for (int round = 0; round < 40; round++) {
                    handed += worker.dispatchDue();
                    Thread.yield(); // let the other claimers in between rounds
                }
                return handed;
            });
        }
        io.eventflow.support.Parallel.run(6, claimers);
        awaitReceived("/race", 12);
        // a message is marked delivered only after its request was answered: once all twelve are, any second
        // sending of one would already have reached the receiver
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'delivered'", Long.class,
                java.util.UUID.fromString(raceId)) == 12);
        assertThat(receiver.at("/race")).hasSize(12);
        assertThat(receiver.at("/race").stream().map(r -> r.header("webhook-id")).distinct()).hasSize(12);
    }
}
