package io.eventflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.eventflow.webhook.Receiver.Received;
import io.eventflow.webhook.Receiver.Reply;

/** One attempt against an HTTP server in the test JVM; nothing here waits for a timeout. */
class WebhookSenderTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

    private Receiver receiver;
    private WebhookSender sender;

    private static WebhookProperties settings(boolean allowPrivate) {
        return new WebhookProperties(allowPrivate, List.of(), null, null, null, null, null, null, null, null, null, null);
    }

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        sender = new WebhookSender(new AddressGuard(settings(true)), settings(true), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        sender.destroy();
        receiver.close();
    }

    private static WebhookRepository.Endpoint endpoint(String url, String secret, String previous, Instant previousUntil) {
        return new WebhookRepository.Endpoint(UUID.randomUUID(), UUID.randomUUID(), false, url, null,
                List.of("event.created"), secret, previous, previousUntil, true, 0, null, NOW, NOW);
    }

    private static WebhookRepository.Delivery delivery() {
        return new WebhookRepository.Delivery(UUID.randomUUID(), UUID.randomUUID(), "k", "msg_test", "event.created",
                "{\"type\":\"event.created\"}", "pending", 0, NOW, null, null, null, null, null, NOW);
    }

    @Test
    void signsWithBothSecretsDuringTheGraceAndWithTheNewOneAfterIt() {
        WebhookRepository.Delivery delivery = delivery();
        assertThat(sender.send(endpoint(receiver.url("/grace"), NEW, OLD, NOW.plusSeconds(60)), delivery).succeeded()).isTrue();
        assertThat(sender.send(endpoint(receiver.url("/grace"), NEW, OLD, NOW.minusSeconds(1)), delivery).succeeded()).isTrue();
        List<Received> got = receiver.at("/grace");
        long ts = NOW.getEpochSecond();
        assertThat(got.get(0).header("webhook-signature")).isEqualTo(Signatures.sign(NEW, "msg_test", ts, delivery.payload())
                + " " + Signatures.sign(OLD, "msg_test", ts, delivery.payload()));
        assertThat(got.get(1).header("webhook-signature")).isEqualTo(Signatures.sign(NEW, "msg_test", ts, delivery.payload()));
        assertThat(got.get(1).header("webhook-timestamp")).isEqualTo(Long.toString(ts));
        assertThat(got.get(1).body()).isEqualTo(delivery.payload());
    }

    @Test
    void doesNotFollowARedirect() {
        receiver.script("/moved", new Reply(302, 0, ""));
        WebhookSender.Outcome outcome = sender.send(endpoint(receiver.url("/moved"), NEW, null, null), delivery());
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.statusCode()).isEqualTo(302);
        assertThat(outcome.error()).contains("redirects are not followed");
        assertThat(receiver.at("/moved")).hasSize(1);
    }

    @Test
    void keepsOnlyTheStartOfALongAnswer() {
        receiver.script("/long", new Reply(200, 0, "y".repeat(100_000)));
        WebhookSender.Outcome outcome = sender.send(endpoint(receiver.url("/long"), NEW, null, null), delivery());
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.excerpt()).hasSize(WebhookSender.EXCERPT_BYTES);
    }

    @Test
    void refusesAtDeliveryANameThatNowResolvesToLoopback() throws Exception {
        AddressGuard guard = new AddressGuard(settings(false), host -> new InetAddress[] { InetAddress.getByName("127.0.0.1") });
        WebhookSender guarded = new WebhookSender(guard, settings(false), Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            WebhookSender.Outcome outcome = guarded.send(endpoint("http://rebound.example.com:"
                    + receiver.url("/").split(":")[2], NEW, null, null), delivery());
            assertThat(outcome.statusCode()).isNull();
            assertThat(outcome.error()).startsWith("refused: the URL resolves to a loopback address");
            assertThat(receiver.at("/")).isEmpty();
        } finally {
            guarded.destroy();
        }
    }

    @Test
    void reportsARefusedConnection() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        WebhookSender.Outcome outcome = sender.send(endpoint("http://127.0.0.1:" + port + "/", NEW, null, null), delivery());
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).isEqualTo("connection refused");
        assertThat(Duration.ofMillis(outcome.durationMs())).isLessThan(Duration.ofSeconds(30));
    }
}
