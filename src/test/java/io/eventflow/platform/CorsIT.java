package io.eventflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.platform.security.CorsSettings;
import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;

/** A front end on another origin, as seed 004's README promises ("CORS protection"): only the configured ones. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventflow.http.cors.allowed-origins=https://app.example.com")
class CorsIT {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    private Response preflight(String path, String origin) {
        return api.method("OPTIONS", path).header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").send();
    }

    @Test
    void answersThePreflightOfAnAllowedOriginOnEventFlowsApiAndTheOlderOnes() {
        for (String path : List.of("/api/v1/events", "/api/compat-v1/api/v1/events", "/api/compat/events")) {
            Response answer = preflight(path, "https://app.example.com");
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(answer.header("Access-Control-Allow-Methods")).contains("POST");
            assertThat(answer.header("Access-Control-Allow-Credentials")).isNull();
        }
        Response read = api.get("/api/v1/events").header("Origin", "https://app.example.com").send().expect(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    }

    @Test
    void letsAPageOfAnAllowedOriginRevalidateAndChangeConditionally() {
        Response preflight = api.method("OPTIONS", "/api/v1/events").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match,if-modified-since").send();
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("if-none-match").contains("if-modified-since");
        Response change = api.method("OPTIONS", "/api/v1/events/x").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match").send();
        assertThat(change.status()).isEqualTo(200);

        Response read = api.get("/api/v1/events").header("Origin", "https://app.example.com").send().expect(200);
        assertThat(read.header("Access-Control-Expose-Headers")).contains("ETag");
        Response revalidated = api.get("/api/v1/events").header("Origin", "https://app.example.com")
                .header("If-None-Match", read.header("ETag")).send();
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    }

    @Test
    void refusesEveryOtherOrigin() {
        assertThat(preflight("/api/v1/events", "https://evil.example").status()).isEqualTo(403);
        Response read = api.get("/api/v1/events").header("Origin", "https://evil.example").send();
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void neverAllowsCredentialsForAnyOrigin() {
        assertThatThrownBy(() -> new CorsSettings(List.of("*"), true, Duration.ofHours(1)))
                .hasMessageContaining("cannot go with the origin '*'");
    }
}
