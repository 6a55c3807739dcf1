package io.eventflow.fuzz;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.PropagationMode;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;
import io.eventflow.support.Nodes;
import io.eventflow.support.TestInfrastructure;

/**
 * Input fuzzing of every route of the OpenAPI document and of the compatibility routes, against a full node on the
 * real PostgreSQL, Redis and RabbitMQ. Requests are generated from each operation's schema and mutated (see
 * {@link Requests}, {@link Hostile}); for each one:
 * <ul>
 * <li>no 5xx;</li>
 * <li>on EventFlow's own routes, every 4xx is {@code application/problem+json} with {@code status} and a
 * {@code title} or {@code detail} (the compatibility routes keep their old APIs' error bodies);</li>
 * <li>a refused request (4xx) changes the row count of no application table ({@link RowCounts});</li>
 * <li>after each property the node reports itself healthy.</li>
 * </ul>
 * Seeded, so a run is repeatable; {@code -Dfuzz.tries=N} and {@code -Dfuzz.seed=S} run longer or elsewhere,
 * {@code -Dfuzz.keep-going=true} lists every violation instead of stopping at the first (docs/testing.md).
 * <p>
 * jqwik drives the tries, and its engine does not run Spring's JUnit Jupiter extension: the node is started with
 * {@link Nodes} (the application as {@code @SpringBootTest} would start it, on a free port) around the container.
 */
@AddLifecycleHook(value = FuzzBudget.class, propagateTo = PropagationMode.DIRECT_DESCENDANTS)
class ApiFuzzIT {

    private static final String PROBLEM = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final boolean KEEP_GOING = Boolean.getBoolean("fuzz.keep-going");
    private static final boolean TRACE = Boolean.getBoolean("fuzz.trace");

    private static Nodes nodes;
    private static Api api;
    private static Session admin;
    private static Fixture fixture;
    private static RowCounts rowCounts;
    private static List<Operation> ownApi;
    private static List<Operation> compatibility;

    private static Map<String, Long> baseline;
    private static boolean settled;
    private static final List<String> findings = new ArrayList<>();
    private static final Map<String, Integer> statuses = new TreeMap<>();

    @BeforeContainer
    static void startNode() {
        nodes = new Nodes();
        long started = System.nanoTime();
        api = nodes.start(Map.of());
        admin = api.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        fixture = Fixture.create(api, admin);
        rowCounts = new RowCounts(nodes.context(api).getBean(DataSource.class));
        JsonNode document = api.get("/v3/api-docs").send().expect(200).body();
        ObjectNode mergePatch = (ObjectNode) Operation.resolve(document, document.at("/components/schemas/EventInput"));
        mergePatch.remove("required"); // a merge patch sends only what changes
        JsonNode preferences = api.get("/api/v1/users/me/notification-preferences").bearer(fixture.attendee()).send()
                .expect(200).body();
        ownApi = Operation.fromOpenApi(document, Map.of(
                "PATCH /api/v1/events/{id}", mergePatch,
                "PUT /api/v1/users/me/notification-preferences", preferences));
        compatibility = Operation.compatibility();
        System.out.printf("fuzz: node and fixture ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterContainer
    static void stopNode() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Provide
    Arbitrary<FuzzRequest> ownApiRequests() {
        return Arbitraries.of(ownApi).flatMap(Requests::forOperation);
    }

    @Provide
    Arbitrary<FuzzRequest> compatibilityRequests() {
        return Arbitraries.of(compatibility).flatMap(Requests::forOperation);
    }

    /*
     * Shrinking is off: a request is not a pure function of its input here (the node has state), and the full request
     * is printed with every violation anyway. Edge cases are off: jqwik's would send the first operation of the list
     * hundreds of times; the hostile values carry their own edge cases.
     */
    @Property(tries = 600, seed = "20261206", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void ownApiNeverFailsAndAnswersRefusalsAsProblemsThatWriteNothing(@ForAll("ownApiRequests") FuzzRequest request) {
        exercise(request);
    }

    @Property(tries = 300, seed = "20261206", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void compatibilityRoutesNeverFailAndTheirRefusalsWriteNothing(@ForAll("compatibilityRequests") FuzzRequest request) {
        exercise(request);
    }

    private long propertyStarted;

    @BeforeProperty
    void resetTally() {
        propertyStarted = System.nanoTime();
        statuses.clear();
        settled = false;
    }

    /** The node stays healthy, whatever it was sent; with keep-going, every violation found is reported here. */
    @AfterProperty
    void nodeIsStillHealthy() throws IOException {
        statuses.forEach((key, count) -> System.out.println("fuzz: " + key + " " + count));
        System.out.printf("fuzz: property ran %d ms%n", (System.nanoTime() - propertyStarted) / 1_000_000);
        Api.Response health = api.get("/actuator/health").bearer(admin).send();
        if (health.status() != 200 || !"UP".equals(health.body().path("status").asString())) {
            findings.add("the node is not healthy after fuzzing: " + health.status() + " " + health.text());
        }
        if (!findings.isEmpty()) {
            List<String> all = List.copyOf(findings);
            findings.clear();
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/fuzz-findings.txt"), String.join("\n\n", all) + "\n");
            throw new AssertionError(all.size() + " violation(s), also in target/fuzz-findings.txt:\n\n"
                    + String.join("\n\n", all));
        }
    }

    private void exercise(FuzzRequest request) {
        if (!settled) {
            baseline = quietCounts();
            settled = true;
        }
        Reply reply = send(request);
        if (TRACE) {
            System.out.println("fuzz trace: " + request + "\n  -> " + reply.status + " "
                    + FuzzRequest.abbreviate(String.valueOf(reply.body), 300));
        }
        statuses.merge(reply.status / 100 + "xx", 1, Integer::sum);
        statuses.merge(request.operation() + " " + reply.status / 100 + "xx", 1, Integer::sum);
        if (reply.status >= 500 || reply.status < 0) {
            violation(request, reply, "answered " + (reply.status < 0 ? "nothing" : reply.status));
        } else if (reply.status >= 400) {
            if (request.operation().ownApi()) {
                String problem = problemViolation(reply);
                if (problem != null) {
                    violation(request, reply, problem);
                }
            }
            Map<String, Long> after = rowCounts.snapshot();
            if (!after.equals(baseline)) {
                wroteOnRefusal(request, reply, after);
            }
        } else {
            settled = false; // accepted: it (and its listeners) may write, so the next request starts from new counts
            if (spendsFixture(request)) {
                fixture = Fixture.create(api, admin);
            }
        }
    }

    /**
     * The counts moved under a refused request. Something else may have written meanwhile (a scheduled job, a listener
     * of an earlier request): the same request is sent again once all is quiet; only if it is refused again and moves
     * the counts again is it the request's doing.
     */
    private void wroteOnRefusal(FuzzRequest request, Reply reply, Map<String, Long> after) {
        String firstDifference = RowCounts.difference(baseline, after);
        Map<String, Long> before = quietCounts();
        Reply again = send(request);
        Map<String, Long> afterAgain = rowCounts.snapshot();
        baseline = afterAgain;
        if (again.status >= 400 && again.status < 500 && !afterAgain.equals(before)) {
            violation(request, reply, "a refused request wrote: " + firstDifference + "; sent again ("
                    + again.status + "): " + RowCounts.difference(before, afterAgain));
        } else if (again.status < 400) {
            settled = false;
        }
    }

    /**
     * Row counts once the listeners of earlier requests are done: no publication pending and nothing moving for two
     * polls, or, when publications stay pending (another test class of the run may have left some behind on purpose),
     * nothing moving for half a second.
     */
    private static Map<String, Long> quietCounts() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        AtomicInteger unchanged = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
            long pending = rowCounts.pendingPublications();
            Map<String, Long> now = new TreeMap<>(rowCounts.snapshot());
            now.put("(pending publications)", pending);
            if (!now.equals(last.getAndSet(now))) {
                unchanged.set(0);
                return false;
            }
            return pending == 0 || unchanged.incrementAndGet() >= 10;
        });
        Map<String, Long> counts = new TreeMap<>(last.get());
        counts.remove("(pending publications)");
        return counts;
    }

    /** Accepted requests that may have deleted, changed or signed out what the fixture's other requests rely on. */
    private static boolean spendsFixture(FuzzRequest request) {
        String target = request.target();
        return !request.method().equals("GET") && !request.method().equals("POST")
                || target.contains("logout") || target.contains("/auth/refresh") || target.contains("reset-password")
                || target.contains("/events/delete") || target.contains("/events/update") || target.contains("unfollow");
    }

    private static String problemViolation(Reply reply) {
        if (reply.contentType == null || !reply.contentType.startsWith(PROBLEM)) {
            return reply.status + " with Content-Type " + reply.contentType + ", not " + PROBLEM;
        }
        JsonNode body;
        try {
            body = JSON.readTree(reply.body);
        } catch (RuntimeException e) {
            return reply.status + " problem whose body is not JSON";
        }
        if (body.path("status").asInt() != reply.status) {
            return reply.status + " problem whose status field is " + body.path("status");
        }
        if (body.path("detail").asString("").isBlank() && body.path("title").asString("").isBlank()) {
            return reply.status + " problem with neither title nor detail";
        }
        return null;
    }

    private static void violation(FuzzRequest request, Reply reply, String what) {
        String finding = request.operation() + ": " + what + "\n" + request + "\n  -> " + reply.status + " "
                + reply.contentType + " " + FuzzRequest.abbreviate(String.valueOf(reply.body), 500);
        findings.add(finding);
        if (!KEEP_GOING) {
            throw new AssertionError(finding);
        }
    }

    private record Reply(int status, String contentType, String body) {
    }

    private static Reply send(FuzzRequest request) {
        String path = request.operation().path();
        byte[] body = request.body().present() ? request.body().render(fixture, path) : null;
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(api.base() + request.target(fixture)))
                    .timeout(Duration.ofSeconds(30))
                    .method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            request.headers(fixture).forEach(builder::header);
            if (request.body().contentType() != null) {
                builder.header("Content-Type", request.body().contentType());
            }
        } catch (IllegalArgumentException unsendable) {
            throw new IllegalStateException("the generator made a request the HTTP client cannot send ("
                    + FuzzRequest.abbreviate(String.valueOf(unsendable.getMessage()), 200) + "): " + request);
        }
        for (int attempt = 1;; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                        response.body());
            } catch (IOException e) {
                if (attempt == 2) {
                    return new Reply(-1, null, "no answer: " + e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
