package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.Api.Session;
import io.eventflow.support.TestInfrastructure;

/**
 * Seed 003's README, replayed at the root of EventFlow's own port: the gateway's routes as its clients call them
 * (Java's HttpClient sends no {@code Accept}, so it is an API client, like the seed's Python front end), and the
 * same paths still serving the web UI to browsers and htmx.
 */
class GatewayApiIT extends CompatTestBase {

    private static final String PASSWORD = "gateway-password-1";

    record Client(UUID id, String username, String token) {
    }

    private Client signUp() {
        String username = "gw" + UUID.randomUUID().toString().substring(0, 10);
        JsonNode user = main.post("/auth/register").json(Map.of("username", username, "email", username + "@example.com",
                "password", PASSWORD)).send().expect(201).body();
        return new Client(UUID.fromString(user.get("id").asString()), username, login(username));
    }

    private String login(String username) {
        JsonNode token = main.post("/auth/login").form(Map.of("username", username, "password", PASSWORD)).send()
                .expect(200).body();
        assertThat(token.get("token_type").asString()).isEqualTo("bearer");
        return token.get("access_token").asString();
    }

    private static Map<String, Object> event(String name, String location, int capacity, double price) {
        Map<String, Object> event = new HashMap<>();
        event.put("name", name);
        event.put("description", "About " + name);
        event.put("start_time", inDays(30, 18));
        event.put("end_time", inDays(30, 21));
        event.put("location", location);
        event.put("capacity", capacity);
        event.put("price", price);
        return event;
    }

    private JsonNode create(Client client, Map<String, Object> event) {
        return main.post("/events").bearer(client.token()).json(event).send().expect(201).body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode events) {
        assertThat(events.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        events.forEach(event -> names.add(event.get("name").asString()));
        return names;
    }

    private long bookings() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM bookings", Long.class);
    }

    private long users() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class);
    }

    private long sessionsOf(Client client) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM refresh_tokens WHERE user_id = ?", Long.class, client.id());
    }

    /** The error shape of this door, with the status: {"detail": "..."}. */
    private static JsonNode refused(Response response, int status) {
        JsonNode body = response.expect(status).body();
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(body.get("detail").isString()).as(response.text()).isTrue();
        return body;
    }

    @Test
    void theReadmesFlowFromSignUpToDeletion() {
        // register → form login → validate → users/me
        String username = "ada" + UUID.randomUUID().toString().substring(0, 8);
        Response registered = main.post("/auth/register").json(Map.of("username", username,
                "email", username + "@example.com", "password", PASSWORD)).send().expect(201);
        JsonNode user = registered.body();
        assertThat(user.get("username").asString()).isEqualTo(username);
        assertThat(user.get("email").asString()).isEqualTo(username + "@example.com");
        UUID userId = UUID.fromString(user.get("id").asString());
        assertThat(user.has("password")).isFalse();

        String token = login(username);
        Client ada = new Client(userId, username, token);
        assertThat(main.get("/auth/validate").bearer(token).send().expect(200).body().get("id").asString())
                .isEqualTo(userId.toString());
        JsonNode me = main.get("/users/me").bearer(token).send().expect(200).body();
        assertThat(me.get("username").asString()).isEqualTo(username);
        assertThat(me.get("email").asString()).isEqualTo(username + "@example.com");
        // the same token is EventFlow's: it works on /api/v1 too
        main.get("/api/v1/users/me").bearer(token).send().expect(200);

        // create (an attendee: promoted to organizer, still signed in), list with filters, get, partial put
        String place = "Online " + UUID.randomUUID().toString().substring(0, 6);
        Response createdResponse = main.post("/events").bearer(token).json(event("Kotlin Workshop", place, 1, 19.99))
                .send().expect(201);
        JsonNode created = createdResponse.body();
        String eventId = created.get("id").asString();
        assertThat(createdResponse.header("Location")).isEqualTo("/events/" + eventId);
        assertThat(created.get("name").asString()).isEqualTo("Kotlin Workshop");
        assertThat(created.get("title").asString()).isEqualTo("Kotlin Workshop");
        assertThat(created.get("price").asDouble()).isEqualTo(19.99);
        assertThat(created.get("capacity").asInt()).isEqualTo(1);
        assertThat(created.get("organizer_id").asString()).isEqualTo(userId.toString());
        assertThat(created.get("start_time").asString()).isEqualTo(inDays(30, 18) + "Z");
        assertThat(jdbc.queryForObject("SELECT role FROM users WHERE id = ?", String.class, userId))
                .isEqualTo("organizer");
        create(ada, Map.of("title", "Jazz Night", "start_time", inDays(31, 20), "end_time", inDays(31, 23),
                "location", place));

        assertThat(names(main.get("/events?location=" + encode(place)).send().expect(200).body()))
                .containsExactly("Kotlin Workshop", "Jazz Night");
        assertThat(names(main.get("/events?name=Workshop&location=" + encode(place)).send().expect(200).body()))
                .containsExactly("Kotlin Workshop");
        assertThat(names(main.get("/events?name=workshop&location=" + encode(place.toLowerCase())).send().expect(200)
                .body())).containsExactly("Kotlin Workshop");
        assertThat(names(main.get("/events?free=true&location=" + encode(place)).send().expect(200).body()))
                .containsExactly("Jazz Night");
        assertThat(names(main.get("/events?max_price=20&q=kotlin&location=" + encode(place)).send().expect(200).body()))
                .containsExactly("Kotlin Workshop");
        JsonNode jazz = main.get("/events?name=jazz&location=" + encode(place)).send().expect(200).body().get(0);
        assertThat(jazz.get("price").isDouble()).as("a float, as the README's shape").isTrue();
        assertThat(jazz.get("price").asDouble()).isZero();

        JsonNode read = main.get("/events/" + eventId).send().expect(200).body();
        assertThat(read.get("description").asString()).isEqualTo("About Kotlin Workshop");
        JsonNode changed = main.put("/events/" + eventId).bearer(token).json(Map.of("location", place + " (room 2)"))
                .send().expect(200).body();
        assertThat(changed.get("location").asString()).isEqualTo(place + " (room 2)");
        assertThat(changed.get("name").asString()).isEqualTo("Kotlin Workshop");
        assertThat(changed.get("price").asDouble()).isEqualTo(19.99);
        assertThat(changed.get("capacity").asInt()).isEqualTo(1);
        assertThat(changed.get("start_time").asString()).isEqualTo(read.get("start_time").asString());

        // book (confirmed), a second user books the full event (waitlisted, with a position)
        Client bob = signUp();
        Response booked = main.post("/bookings").bearer(bob.token()).json(Map.of("event_id", eventId)).send()
                .expect(201);
        JsonNode booking = booked.body();
        assertThat(booking.get("status").asString()).isEqualTo("confirmed");
        assertThat(booking.get("event_id").asString()).isEqualTo(eventId);
        assertThat(booking.get("user_id").asString()).isEqualTo(bob.id().toString());
        assertThat(booking.has("booking_id")).isTrue();
        assertThat(booking.has("created_at")).isTrue();
        assertThat(booking.has("waitlist_position")).isFalse();
        Client cleo = signUp();
        JsonNode waiting = main.post("/bookings").bearer(cleo.token()).json(Map.of("event_id", eventId)).send()
                .expect(201).body();
        assertThat(waiting.get("status").asString()).isEqualTo("waitlisted");
        assertThat(waiting.get("waitlist_position").asInt()).isEqualTo(1);

        // the user's bookings by both routes; others may not see them, an admin may
        for (String path : List.of("/users/" + bob.id() + "/bookings", "/bookings/user/" + bob.id())) {
            Response mine = main.get(path).bearer(bob.token()).send().expect(200);
            assertThat(mine.body()).extracting(b -> b.get("booking_id").asString())
                    .containsExactly(booking.get("booking_id").asString());
            assertThat(mine.header("X-Total-Count")).isEqualTo("1");
            refused(main.get(path).bearer(cleo.token()).send(), 403);
        }
        Session admin = main.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        assertThat(main.get("/users/" + cleo.id() + "/bookings").bearer(admin.accessToken()).send().expect(200).body()
                .get(0).get("status").asString()).isEqualTo("waitlisted");

        // the event's bookings: its organizer (and admins), nobody else
        JsonNode ofEvent = main.get("/events/" + eventId + "/bookings").bearer(token).send().expect(200).body();
        assertThat(ofEvent).extracting(b -> b.get("status").asString())
                .containsExactlyInAnyOrder("confirmed", "waitlisted");
        refused(main.get("/events/" + eventId + "/bookings").bearer(bob.token()).send(), 403);

        // the delivery status of a notification bob owns (his booking's confirmation)
        String notificationId = awaitNotification(bob.token());
        JsonNode status = main.get("/notifications/status/" + notificationId).bearer(bob.token()).send().expect(200)
                .body();
        assertThat(status.get("notification_id").asString()).isEqualTo(notificationId);
        assertThat(status.get("status").asString()).isIn("pending", "sent", "failed");
        assertThat(status.get("details").asString()).isNotBlank();
        refused(main.get("/notifications/status/" + notificationId).bearer(cleo.token()).send(), 404);

        // delete: its bookings go with it
        refused(main.delete("/events/" + eventId).bearer(bob.token()).send(), 403);
        assertThat(main.delete("/events/" + eventId).bearer(token).send().expect(200).body().get("message").asString())
                .contains("deleted");
        refused(main.get("/events/" + eventId).send(), 404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM bookings WHERE event_id = ? AND status <> 'cancelled'",
                Long.class, UUID.fromString(eventId))).isZero();
    }

    private String awaitNotification(String token) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).alias("a notification")
                .until(() -> main.get("/api/v1/notifications").bearer(token).send().expect(200).body().get("items"),
                        items -> !items.isEmpty())
                .get(0).get("id").asString();
    }

    @Test
    void aPutChangesOnlyTheFieldsSentAndAcceptsTitleForName() {
        Client client = signUp();
        String id = create(client, event("Before", "Haifa", 10, 5.5)).get("id").asString();

        JsonNode renamed = main.put("/events/" + id).bearer(client.token()).json(Map.of("title", "After")).send()
                .expect(200).body();
        assertThat(renamed.get("name").asString()).isEqualTo("After");
        assertThat(renamed.get("location").asString()).isEqualTo("Haifa");
        JsonNode repriced = main.put("/events/" + id).bearer(client.token()).json(Map.of("price", 7, "capacity", 12,
                "id", "ignored", "organizer_id", "ignored")).send().expect(200).body();
        assertThat(repriced.get("price").asDouble()).isEqualTo(7.0);
        assertThat(repriced.get("capacity").asInt()).isEqualTo(12);
        assertThat(repriced.get("name").asString()).isEqualTo("After");
        assertThat(repriced.get("organizer_id").asString()).isEqualTo(client.id().toString());
        assertThat(jdbc.queryForObject("SELECT price FROM events WHERE id = ?", java.math.BigDecimal.class,
                UUID.fromString(id))).isEqualByComparingTo("7");
    }

    @Test
    void badInputGetsTheRight4xxInTheGatewaysShapeAndWritesNothing() {
        Client client = signUp();
        String id = create(client, event("Guarded", "Eilat", 5, 10)).get("id").asString();
        Session admin = main.login(TestInfrastructure.ADMIN_USERNAME, TestInfrastructure.ADMIN_PASSWORD);
        long events = events();
        long bookings = bookings();
        long users = users();
        long sessions = sessionsOf(client);
        String unknown = UUID.randomUUID().toString();

        // unknown ids: 404
        refused(main.get("/events/" + unknown).send(), 404);
        refused(main.put("/events/" + unknown).bearer(client.token()).json(Map.of("name", "x")).send(), 404);
        refused(main.delete("/events/" + unknown).bearer(client.token()).send(), 404);
        refused(main.post("/bookings").bearer(client.token()).json(Map.of("event_id", unknown)).send(), 404);
        refused(main.get("/events/" + unknown + "/bookings").bearer(client.token()).send(), 404);
        refused(main.get("/notifications/status/" + unknown).bearer(client.token()).send(), 404);
        refused(main.get("/users/" + unknown + "/bookings").bearer(admin.accessToken()).send(), 404);

        // malformed UUIDs: 400
        for (String bad : List.of("42", "not-a-uuid", "1-2-3-4-5")) {
            refused(main.get("/events/" + bad).send(), 400);
            refused(main.put("/events/" + bad).bearer(client.token()).json(Map.of("name", "x")).send(), 400);
            refused(main.delete("/events/" + bad).bearer(client.token()).send(), 400);
            refused(main.get("/users/" + bad + "/bookings").bearer(client.token()).send(), 400);
            refused(main.get("/bookings/user/" + bad).bearer(client.token()).send(), 400);
            refused(main.get("/events/" + bad + "/bookings").bearer(client.token()).send(), 400);
            refused(main.get("/notifications/status/" + bad).bearer(client.token()).send(), 400);
            refused(main.post("/bookings").bearer(client.token()).json(Map.of("event_id", bad)).send(), 400);
        }

        // malformed JSON, and bodies that are not objects: 400
        refused(main.post("/events").bearer(client.token()).raw("application/json", "{\"name\": ").send(), 400);
        refused(main.put("/events/" + id).bearer(client.token()).raw("application/json", "{oops}").send(), 400);
        refused(main.post("/bookings").bearer(client.token()).raw("application/json", "[1, 2").send(), 400);
        refused(main.post("/auth/register").raw("application/json", "{\"username\"").send(), 400);
        refused(main.post("/events").bearer(client.token()).json(List.of(1, 2)).send(), 400);

        // wrong types: 400, naming the field
        Map<String, Object> wrongCapacity = event("Typed", "Eilat", 5, 10);
        wrongCapacity.put("capacity", "ten");
        assertThat(refused(main.post("/events").bearer(client.token()).json(wrongCapacity).send(), 400)
                .get("errors").has("capacity")).isTrue();
        Map<String, Object> fractionalCapacity = event("Typed", "Eilat", 5, 10);
        fractionalCapacity.put("capacity", 2.5);
        refused(main.post("/events").bearer(client.token()).json(fractionalCapacity).send(), 400);
        Map<String, Object> wrongPrice = event("Typed", "Eilat", 5, 10);
        wrongPrice.put("price", "cheap");
        refused(main.post("/events").bearer(client.token()).json(wrongPrice).send(), 400);
        refused(main.put("/events/" + id).bearer(client.token()).json(Map.of("name", 5)).send(), 400);
        refused(main.put("/events/" + id).bearer(client.token()).json(Map.of("start_time", "next tuesday")).send(), 400);
        refused(main.post("/bookings").bearer(client.token()).json(Map.of("event_id", 7)).send(), 400);
        refused(main.post("/bookings").bearer(client.token()).json(Map.of()).send(), 400);
        refused(main.post("/auth/register").json(Map.of("username", 5, "email", "a@b.example", "password", PASSWORD))
                .send(), 400);

        // EventFlow's own validation of prices: none negative, at most two decimals
        for (double price : new double[] { -1, 12.345 }) {
            Response response = main.post("/events").bearer(client.token()).json(event("Priced", "Eilat", 5, price))
                    .send();
            assertThat(response.status()).as("price " + price).isIn(400, 422);
            assertThat(refused(response, response.status()).get("errors").has("price")).isTrue();
            response = main.put("/events/" + id).bearer(client.token()).json(Map.of("price", price)).send();
            assertThat(response.status()).as("price " + price).isIn(400, 422);
        }
        refused(main.get("/events?max_price=-5").send(), 400);

        // a form login with a JSON content type: 415, nothing read, nothing written
        JsonNode json = refused(main.post("/auth/login").json(Map.of("username", client.username(),
                "password", PASSWORD)).send(), 415);
        assertThat(json.get("detail").asString()).contains("form");
        refused(main.post("/auth/login").form(Map.of("username", client.username(), "password", "wrong")).send(), 401);
        refused(main.post("/auth/login").form(Map.of("password", PASSWORD)).send(), 400);

        // a missing token: 401 on every route that needs one
        refused(main.post("/events").json(event("Anonymous", "Eilat", 5, 1)).send(), 401);
        refused(main.put("/events/" + id).json(Map.of("name", "Anonymous")).send(), 401);
        refused(main.delete("/events/" + id).send(), 401);
        refused(main.post("/bookings").json(Map.of("event_id", id)).send(), 401);
        refused(main.get("/auth/validate").send(), 401);
        refused(main.get("/users/me").send(), 401);
        refused(main.get("/users/" + client.id() + "/bookings").send(), 401);
        refused(main.get("/bookings/user/" + client.id()).send(), 401);
        refused(main.get("/events/" + id + "/bookings").send(), 401);
        refused(main.get("/notifications/status/" + unknown).send(), 401);
        refused(main.get("/users/me").bearer("not-a-token").send(), 401);

        // another user's bookings: 403; another's event: 403
        Client other = signUp();
        users++;
        refused(main.get("/users/" + client.id() + "/bookings").bearer(other.token()).send(), 403);
        refused(main.get("/bookings/user/" + client.id()).bearer(other.token()).send(), 403);
        refused(main.put("/events/" + id).bearer(other.token()).json(Map.of("name", "Mine now")).send(), 403);

        // wrong method: 405, same shape
        refused(main.method("PATCH", "/events/" + id).bearer(client.token()).json(Map.of("name", "x")).send(), 405);

        assertThat(events()).as(() -> "newest: " + jdbc.queryForList("SELECT title, created_at FROM events "
                + "ORDER BY created_at DESC LIMIT 3")).isEqualTo(events);
        assertThat(bookings()).isEqualTo(bookings);
        assertThat(users()).isEqualTo(users);
        // the refused logins started no session
        assertThat(sessionsOf(client)).isEqualTo(sessions);
        JsonNode unchanged = main.get("/events/" + id).send().expect(200).body();
        assertThat(unchanged.get("name").asString()).isEqualTo("Guarded");
        assertThat(unchanged.get("price").asDouble()).isEqualTo(10.0);
        assertThat(unchanged.get("capacity").asInt()).isEqualTo(5);
    }

    @Test
    void aTakenNameOrAddressIsAConflict() {
        Client client = signUp();
        long users = users();
        refused(main.post("/auth/register").json(Map.of("username", client.username(), "email", "fresh@example.com",
                "password", PASSWORD)).send(), 409);
        refused(main.post("/auth/register").json(Map.of("username", "fresh" + UUID.randomUUID().toString()
                .substring(0, 6), "email", client.username() + "@example.com", "password", PASSWORD)).send(), 409);
        refused(main.post("/auth/register").json(Map.of("username", "short" + UUID.randomUUID().toString()
                .substring(0, 6), "email", "short@example.com", "password", "short")).send(), 400);
        assertThat(users()).isEqualTo(users);
    }

    @Test
    void theSamePathsServeTheWebUiToBrowsersAndHtmxAndSayVary() {
        Client client = signUp();
        String place = "Vary " + UUID.randomUUID().toString().substring(0, 6);
        String id = create(client, event("Negotiated", place, 5, 0)).get("id").asString();
        String search = "/events?location=" + encode(place);

        Response json = main.get(search).send().expect(200);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(names(json.body())).containsExactly("Negotiated");
        Response page = main.get(search).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").send()
                .expect(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("<html", "id=\"filters\"", "Negotiated");
        Response fragment = main.get(search).header("HX-Request", "true").header("Accept", "*/*").send().expect(200);
        assertThat(fragment.contentType()).startsWith("text/html");
        assertThat(fragment.text()).contains("id=\"results\"", "Negotiated").doesNotContain("<html", "<form");

        // a signed-in browser's fetch() sends */* with its session cookie: the web UI; a token makes it a client again
        Response script = main.get(search).header("Cookie", "SESSION=MDEyMzQ1Njc4OUFCQ0RFRg==").send().expect(200);
        assertThat(script.contentType()).startsWith("text/html");
        Response withToken = main.get(search).header("Cookie", "SESSION=MDEyMzQ1Njc4OUFCQ0RFRg==").bearer(client.token())
                .send().expect(200);
        assertThat(names(withToken.body())).containsExactly("Negotiated");
        Response prefixed = main.get("/api/compat-gateway" + search).header("Accept", "text/html").send().expect(200);
        assertThat(names(prefixed.body())).as("below the prefix: never the web UI").containsExactly("Negotiated");
        Response detailPage = main.get("/events/" + id).header("Accept", "text/html").send().expect(200);
        assertThat(detailPage.text()).contains("<html", "Negotiated");

        List<Response> answers = List.of(json, page, fragment, script, withToken, detailPage,
                main.get("/events/" + id).send(),
                main.get("/users/me").send(), main.get("/users/me").bearer(client.token()).send(),
                main.get("/events/" + UUID.randomUUID()).send(), main.get("/events/nope").send(),
                main.post("/auth/login").json(Map.of()).send(),
                main.get("/notifications/status/" + UUID.randomUUID()).bearer(client.token()).send());
        for (Response answer : answers) {
            List<String> vary = answer.raw().headers().allValues("Vary").stream()
                    .flatMap(value -> java.util.Arrays.stream(value.split(","))).map(String::trim).toList();
            assertThat(vary).as(answer.raw().request().uri() + " " + answer.status()).contains("Accept", "HX-Request", "Cookie");
        }
        // EventFlow's own routes are not negotiated
        assertThat(main.get("/api/v1/events/" + id).send().expect(200).raw().headers().allValues("Vary"))
                .noneMatch(value -> value.contains("HX-Request"));
    }
}
