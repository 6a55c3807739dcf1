package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Nodes;

/** The extra port, the path prefix, the error shapes of every error path, and who may write without an account. */
class CompatPortIT extends CompatTestBase {

    private static final Map<String, Object> EVENT = Map.of("title", "Door test", "start_time", inDays(12, 10),
            "end_time", inDays(12, 11), "location", "Lod");

    @Test
    void servesTheOldRoutesOnTheirPortAndBelowThePrefixOnTheMainPort() {
        long id = compat.post("/create").json(Map.of("events", List.of(EVENT))).send().expect(200).body()
                .get("events").get(0).get("id").asLong();

        assertThat(main.get("/api/compat/events/get?id=" + id).send().expect(200).body().get("title").asString())
                .isEqualTo("Door test");
        assertThat(main.get("/api/compat/events?id=" + id).send().expect(200).body().get("date").asString()).endsWith("GMT");
        // on the main port /events is still the web UI for browsers
        assertThat(main.get("/events").header("Accept", "text/html").send().expect(200).contentType())
                .startsWith("text/html");
    }

    @Test
    void everyErrorPathAnswersInTheDialectOfItsApi() {
        assertThat(compat.get("/no/such/route").send().expect(404).body().has("error")).isTrue();
        assertThat(compat.get("/api/nothing/here/").send().expect(404).body().has("detail")).isTrue();
        assertThat(compat.method("PATCH", "/sort_by/date").send().expect(405).body().has("message")).isTrue();
        Response badToken = compat.get("/api/events/").bearer("not-a-token").send().expect(401);
        assertThat(badToken.contentType()).startsWith("application/json");
        assertThat(badToken.body().get("detail").asString()).isNotBlank();
        assertThat(compat.post("/create").raw("application/json", "{\"events\": [").send().expect(400).body()
                .get("error").asString()).isNotBlank();
        JsonNode tooLarge = compat.post("/events").raw("application/json", "{\"title\": \"" + "x".repeat(300_000) + "\"}")
                .send().expect(413).body();
        assertThat(tooLarge.get("message").asString()).isNotBlank();
        assertThat(main.get("/api/compat/events/get?id=nope").send().expect(400).body().has("error")).isTrue();
        // EventFlow's own API keeps its problem details
        assertThat(main.get("/api/v1/events/nope").send().expect(400).contentType()).startsWith("application/problem+json");
    }

    @Test
    void anonymousWritesFromThisMachineBelongToTheBuiltInOrganizer() {
        long id = compat.post("/create").json(Map.of("events", List.of(EVENT))).send().expect(200).body()
                .get("events").get(0).get("id").asLong();
        String owner = jdbc.queryForObject("SELECT u.username FROM events e JOIN users u ON u.id = e.organizer_id "
                + "WHERE e.number = ?", String.class, id);
        assertThat(owner).isEqualTo("Anonymous organizer");
    }

    @Test
    void anonymousWritesForwardedFromElsewhereAreRefused() {
        long before = events();
        Api remote = compat.from("203.0.113.7");
        assertThat(remote.post("/create").json(Map.of("events", List.of(EVENT))).send().expect(401).body()
                .get("error").asString()).contains("only from this machine");
        remote.post("/events").json(Map.of("title", "x", "date", "2030-01-01")).send().expect(401);
        assertThat(events()).isEqualTo(before);
    }

    /**
     * A client on another machine claiming to be 127.0.0.1: Tomcat's default trusted proxies include the private
     * IPv6 range fd00::/8, so before the explicit setting this write was accepted as local.
     */
    @Test
    void aForwardedAddressFromAnUntrustedPeerIsNotBelieved() {
        long before = events();
        for (String host : List.of("[fd00::2]", "192.0.2.2")) {
            Api lan = new Api("http://" + host + ":" + connector.localPort()).from("127.0.0.1");
            Response refused = lan.post("/create").json(Map.of("events", List.of(EVENT))).send();
            assertThat(refused.status()).as(host).isEqualTo(401);
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aTakenPortIsAWarningAndTheNodeStillStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            try (Nodes nodes = new Nodes()) {
                Api node = nodes.start(Map.of("eventflow.compat.port", taken.getLocalPort()));
                assertThat(nodes.context(node).getBean(CompatConnector.class).localPort()).isEqualTo(-1);
                node.get("/api/compat/events/get_all").send().expect(200);
                node.get("/actuator/health/readiness").send().expect(200);
            }
        }
    }

    @Test
    void noOtherSitesPageMayCallTheApisByDefault() {
        Response read = compat.get("/events").header("Origin", "https://elsewhere.example").send().expect(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
        assertThat(main.get("/api/v1/events").header("Origin", "https://elsewhere.example").send().expect(200)
                .header("Access-Control-Allow-Origin")).isNull();
    }
}
