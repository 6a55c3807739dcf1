package io.eventflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Api;

/** Every error, Spring's own included, is an RFC 9457 problem with a request id; none is a 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemDetailsIT {

    private static final String PROBLEM = "application/problem+json";

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void malformedJsonIs400() {
        Response response = api.post("/api/v1/auth/register").json("{\"username\": \"abc\", ").send();

        assertProblem(response, 400);
        assertThat(response.body().get("detail").asString()).contains("not valid JSON");
    }

    @Test
    void aBodyThatIsNotJsonAtAllIs400() {
        assertProblem(api.post("/api/v1/auth/login").json("username=alice&password=secret").send(), 400);
    }

    @Test
    void wrongMediaTypeIs415() {
        assertProblem(api.post("/api/v1/auth/register").raw("text/plain", "hello").send(), 415);
    }

    @Test
    void unknownRouteIs404() {
        Session user = api.register("attendee");

        assertProblem(api.get("/api/v1/no-such-thing").bearer(user).send(), 404);
        assertProblem(api.get("/no-such-page").send(), 404);
        assertProblem(api.get("/error").send(), 404);
        assertProblem(api.get("/api/error").send(), 404);
    }

    @Test
    void unknownRouteWithoutTokenIs404NotATellingToSignIn() {
        assertProblem(api.get("/api/v1/no-such-thing").send(), 404);
        assertProblem(api.post("/api/v1/evnts").json(java.util.Map.of("title", "typo")).send(), 404);
        // routes that exist still ask who is calling, whatever the method
        assertProblem(api.get("/api/v1/users/me").send(), 401);
        assertProblem(api.delete("/api/v1/events/" + java.util.UUID.randomUUID()).send(), 401);
    }

    @Test
    void wrongMethodIs405() {
        Session user = api.register("attendee");

        Response response = api.delete("/api/v1/auth/validate").bearer(user).send();

        assertProblem(response, 405);
        assertThat(response.header("Allow")).contains("GET");
    }

    @Test
    void aWildcardContentTypeIs415NotA500() {
        Session user = api.register("attendee");

        // found by ApiFuzzIT: Spring failed on the wildcard while reading the body
        assertProblem(api.post("/api/v1/bookings").bearer(user).raw("*/*", "{\"event_id\": \"x\"}").send(), 415);
        assertProblem(api.post("/api/v1/auth/login").raw("application/*", "{}").send(), 415);
    }

    @Test
    void anApiPathTheFirewallRefusesIsAProblemEvenForABrowser() {
        // found by ApiFuzzIT: the ';' is refused by Spring Security's firewall, whose 400 went to the HTML error page
        Response refused = api.get("/api/v1/users/a;b=c/bookings").header("Accept", "text/html").send();

        assertProblem(refused, 400);
    }

    @Test
    void aOneMegabyteBodyIs413() {
        String huge = "{\"username\":\"" + "a".repeat(1024 * 1024) + "\"}";

        assertProblem(api.post("/api/v1/auth/register").json(huge).send(), 413);
    }

    @Test
    void aHugeChunkedBodyIsCutOffWith413() {
        byte[] huge = ("{\"username\":\"" + "a".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        Response response = api.post("/api/v1/auth/register")
                .body("application/json", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .send();

        assertProblem(response, 413);
    }

    @Test
    void deeplyNestedJsonIs400() {
        String nested = "{\"username\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

        Response response = api.post("/api/v1/auth/register").json(nested).send();

        assertProblem(response, 400);
    }

    @Test
    void theRequestIdIsEchoedAndQuotedInTheProblem() {
        Response generated = api.post("/api/v1/auth/login").json("{").send();
        Response given = api.post("/api/v1/auth/login").header("X-Request-Id", "trace-me-12345").json("{").send();

        assertThat(generated.header("X-Request-Id")).isNotBlank();
        assertThat(generated.body().get("request_id").asString()).isEqualTo(generated.header("X-Request-Id"));
        assertThat(given.header("X-Request-Id")).isEqualTo("trace-me-12345");
        assertThat(given.body().get("request_id").asString()).isEqualTo("trace-me-12345");
    }

    @Test
    void anAttendeeGets403ProblemForAdminOnlyOperations() {
        Session user = api.register("attendee");

        assertProblem(api.get("/actuator/metrics").bearer(user).send(), 403);
    }

    @Test
    void healthReportsReadinessIncludingDatabaseAndRedis() {
        Response readiness = api.get("/actuator/health/readiness").send();
        Response liveness = api.get("/actuator/health/liveness").send();

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().get("status").asString()).isEqualTo("UP");
        assertThat(liveness.status()).isEqualTo(200);
        Session admin = api.login(io.eventflow.support.TestInfrastructure.ADMIN_USERNAME,
                io.eventflow.support.TestInfrastructure.ADMIN_PASSWORD);
        Response details = api.get("/actuator/health/readiness").bearer(admin).send().expect(200);
        assertThat(details.body().at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(details.body().at("/components/redis/status").asString()).isEqualTo("UP");
    }

    @Test
    void servesPrometheusMetricsAndTheOpenApiDocument() {
        Response metrics = api.get("/actuator/prometheus").send();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("jvm_memory_used_bytes").contains("http_server_requests");

        Response openApi = api.get("/v3/api-docs").send().expect(200);
        assertThat(openApi.body().at("/paths").has("/api/v1/auth/register")).isTrue();
        assertThat(openApi.body().at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        // the document describes the JSON as it is sent: snake_case
        assertThat(openApi.body().at("/components/schemas/TokenResponse/properties").has("access_token")).isTrue();
        assertThat(openApi.body().at("/components/schemas/UserView/properties").has("created_at")).isTrue();
        // the signed-in user is taken from the token: no operation asks the client for it
        java.util.List<String> askingForTheUser = new java.util.ArrayList<>();
        openApi.body().at("/paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().path("parameters").forEach(parameter -> {
                    if (parameter.path("name").asString().equals("user")) {
                        askingForTheUser.add(operation.getKey() + " " + path.getKey());
                    }
                })));
        assertThat(askingForTheUser).isEmpty();
        assertThat(api.get("/swagger-ui/index.html").send().status()).isEqualTo(200);
        // the document in YAML is springdoc's own rendering, not a message converter's (the API has none for YAML)
        assertThat(api.get("/v3/api-docs.yaml").send().expect(200).text()).contains("openapi:").contains("/api/v1/auth/register");
    }

    @Test
    void jsonFieldsAreSnakeCase() {
        Response response = api.post("/api/v1/auth/register")
                .json(Map.of("username", "snake-fan", "email", "snake@example.com", "password", "hiss-hiss-hiss"))
                .send().expect(201);

        assertThat(response.body().has("access_token")).isTrue();
        assertThat(response.body().at("/user/created_at").isMissingNode()).isFalse();
        assertThat(response.text()).doesNotContain("accessToken").doesNotContain("createdAt");
    }

    @Test
    void aRepresentationOtherThanJsonIs406AndChangesNothing() {
        Session organizer = api.register("organizer");
        long before = api.get("/api/v1/events?organizer_id=" + organizer.userId()).send().body().get("total").asLong();

        Response list = api.get("/api/v1/events?size=1").header("Accept", "application/yaml").send();
        Response batch = api.post("/api/v1/events/batch").bearer(organizer).header("Accept", "application/yaml")
                .json(Map.of("events", java.util.List.of(io.eventflow.catalog.EventCatalogIT.event("Yaml please")))).send();
        Response xml = api.get("/api/v1/events?size=1").header("Accept", "application/xml").send();

        // the answer is a problem in JSON, whatever was asked for: the API speaks JSON only
        assertProblem(list, 406);
        assertProblem(batch, 406);
        assertProblem(xml, 406);
        assertThat(list.body().get("detail").asString()).contains("application/json");
        // refused before the handler ran: the batch was not written behind a failed answer
        assertThat(api.get("/api/v1/events?organizer_id=" + organizer.userId()).send().body().get("total").asLong()).isEqualTo(before);
        // JSON is still chosen when it is acceptable at all
        assertThat(api.get("/api/v1/events?size=1").header("Accept", "application/yaml, application/json;q=0.1").send().status())
                .isEqualTo(200);
    }

    @Test
    void anUnreadableAcceptHeaderStillGetsAProblemBody() {
        Session user = api.register("attendee");

        assertProblem(api.get("/api/v1/events/01a22f07-ab5f-71dc-80fd-e402310b0cf9").header("Accept", "garbage").send(), 404);
        assertProblem(api.get("/api/v1/events?size=0").header("Accept", "garbage").send(), 400);
        assertProblem(api.get("/api/v1/users/me").header("Accept", "garbage").send(), 401);
        Response me = api.get("/api/v1/users/me").bearer(user).header("Accept", "garbage").send();
        assertProblem(me, 406);
        assertThat(me.body().get("detail").asString()).contains("Accept");
    }

    @Test
    void whatTomcatRefusesBeforeTheApplicationIsAProblemToo() {
        // an encoded slash, an encoded NUL, a header over the size limit: refused by Tomcat itself
        for (String path : new String[] {"/api/v1/events/a%2Fb", "/api/v1/users/me%00", "/calendar/..%2F..%2Fetc%2Fpasswd.ics"}) {
            Response refused = api.get(path).send();
            assertProblem(refused, 400);
            assertThat(refused.body().get("detail").asString()).as(path).startsWith("The request was refused");
        }
        assertProblem(api.get("/api/v1/events").header("X-Padding", "x".repeat(20_000)).send(), 400);
    }

    @Test
    void headAndOptionsAreAllowedWhereverGetIsPublic() {
        Session organizer = api.register("organizer");
        String id = api.createEvent(organizer, io.eventflow.catalog.EventCatalogIT.event("Heads up"));

        assertThat(api.method("HEAD", "/api/v1/events").send().status()).isEqualTo(200);
        assertThat(api.method("HEAD", "/api/v1/events/" + id).send().status()).isEqualTo(200);
        assertThat(api.method("HEAD", "/api/v1/events/" + id + ".ics").send().status()).isEqualTo(200);
        Response options = api.method("OPTIONS", "/api/v1/events").send();
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow")).contains("GET");
        // not a way around authentication: HEAD of a private resource is refused like its GET
        assertThat(api.method("HEAD", "/api/v1/users/me").send().status()).isEqualTo(401);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo(PROBLEM);
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("title").asString()).isNotBlank();
        assertThat(response.body().get("request_id").asString()).isNotBlank();
    }
}
