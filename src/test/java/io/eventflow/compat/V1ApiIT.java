package io.eventflow.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Response;
import io.eventflow.support.WsClient;

/** Seed 004's README, replayed on its own port (5000; a free one here): its routes, envelopes and errors. */
class V1ApiIT extends CompatTestBase {

    /** Tel Aviv as GeoJSON writes it: [longitude, latitude]. */
    private static final List<Double> TEL_AVIV = List.of(34.7818, 32.0853);
    private static final List<Double> HAIFA = List.of(34.9896, 32.7940);

    /** Seed 004's port. */
    Api v1;

    record Client(UUID id, String username, String email, String password, String access, String refresh) {
    }

    @BeforeEach
    void connectV1() {
        v1 = new Api(connector.localPort(Door.V1_API));
    }

    // --- the envelopes ---

    /** {@code {"message": "...", "data": ...}}, as JSON: the success envelope; returns {@code data}. */
    private static JsonNode data(Response response) {
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.body();
        assertThat(body.get("message").isString()).as(response.text()).isTrue();
        assertThat(body.has("data")).as(response.text()).isTrue();
        return body.get("data");
    }

    /** {@code {"message": "..."}} (with {@code errors} naming fields, if any): the error envelope; returns the message. */
    private static String error(Response response) {
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.body();
        assertThat(body.get("message").isString()).as(response.text()).isTrue();
        assertThat(body.propertyNames()).as(response.text()).isSubsetOf("message", "errors");
        return body.get("message").asString();
    }

    private Client register(String role) {
        String name = "v1" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = "password-" + name;
        JsonNode data = data(v1.post("/api/v1/auth/register").json(Map.of("username", name, "email", name + "@example.com",
                "password", password, "role", role)).send().expect(201));
        return new Client(UUID.fromString(data.get("user").get("id").asString()), name, name + "@example.com", password,
                data.get("access_token").asString(), data.get("refresh_token").asString());
    }

    private static String inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Map<String, Object> event(String title, String date, List<Double> coordinates) {
        Map<String, Object> event = new HashMap<>();
        event.put("title", title);
        event.put("description", "All about " + title);
        event.put("date", date);
        event.put("category", "music");
        event.put("location_address", "Rothschild Blvd 1, Tel Aviv");
        event.put("location", Map.of("type", "Point", "coordinates", coordinates));
        event.put("geofence_radius", 150);
        return event;
    }

    private JsonNode create(Client organizer, Map<String, Object> event) {
        return data(v1.post("/api/v1/events").bearer(organizer.access()).json(event).send().expect(201));
    }

    private long users(String username) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE username = ?", Long.class, username);
    }

    // --- accounts ---

    @Test
    void registersLogsInByEmailOrUsernameAndLogsOutEverywhere() {
        Client organizer = register("organizer");
        JsonNode byEmail = data(v1.post("/api/v1/auth/login").json(Map.of("email", organizer.email(),
                "password", organizer.password())).send().expect(200));
        assertThat(byEmail.get("access_token").asString()).isNotBlank();
        assertThat(byEmail.get("refresh_token").asString()).isNotBlank();
        assertThat(byEmail.get("user").get("id").asString()).isEqualTo(organizer.id().toString());
        assertThat(byEmail.get("user").get("role").asString()).isEqualTo("organizer");
        assertThat(byEmail.get("user").get("email").asString()).isEqualTo(organizer.email());
        JsonNode byName = data(v1.post("/api/v1/auth/login").json(Map.of("username", organizer.username(),
                "password", organizer.password())).send().expect(200));
        // EventFlow's own tokens: they work on EventFlow's API as well
        main.get("/api/v1/auth/validate").bearer(byName.get("access_token").asString()).send().expect(200);

        Response wrong = v1.post("/api/v1/auth/login").json(Map.of("email", organizer.email(), "password", "not it!!"))
                .send().expect(401);
        Response unknown = v1.post("/api/v1/auth/login").json(Map.of("email", "nobody-" + UUID.randomUUID()
                + "@example.com", "password", "not it!!")).send().expect(401);
        assertThat(error(wrong)).isEqualTo(error(unknown));

        String access = byEmail.get("access_token").asString();
        assertThat(data(v1.get("/api/v1/auth/logout").bearer(access).send().expect(200)).isNull()).isTrue();
        // that token stops working on every door, and the user's refresh tokens with it
        error(v1.get("/api/v1/feed").bearer(access).send().expect(401));
        main.get("/api/v1/auth/validate").bearer(access).send().expect(401);
        main.post("/api/v1/auth/refresh").json(Map.of("refresh_token", byEmail.get("refresh_token").asString())).send()
                .expect(401);
        error(v1.get("/api/v1/auth/logout").send().expect(401));
    }

    @Test
    void registrationRefusesAdminAndBadInputWritingNothing() {
        String name = "v1adm" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> admin = Map.of("username", name, "email", name + "@example.com", "password",
                "long enough pw", "role", "admin");
        assertThat(error(v1.post("/api/v1/auth/register").json(admin).send().expect(403))).contains("admin");

        Map<String, Object> unknownRole = new HashMap<>(admin);
        unknownRole.put("role", "superuser");
        error(v1.post("/api/v1/auth/register").json(unknownRole).send().expect(400));
        Map<String, Object> shortPassword = new HashMap<>(admin);
        shortPassword.put("role", "attendee");
        shortPassword.put("password", "short");
        assertThat(v1.post("/api/v1/auth/register").json(shortPassword).send().expect(400).body().get("errors")
                .has("password")).isTrue();
        error(v1.post("/api/v1/auth/register").raw("application/json", "{\"username\": \"" + name + "\",").send()
                .expect(400));
        assertThat(users(name)).isZero();

        Map<String, Object> attendee = new HashMap<>(shortPassword);
        attendee.remove("role"); // attendee by default
        attendee.put("password", "long enough pw");
        assertThat(data(v1.post("/api/v1/auth/register").json(attendee).send().expect(201)).get("user").get("role")
                .asString()).isEqualTo("attendee");
        error(v1.post("/api/v1/auth/register").json(attendee).send().expect(409));
        assertThat(users(name)).isOne();
    }

    @Test
    void forgotPasswordAnswersAlikeForEveryAddress() {
        Client user = register("attendee");
        Response known = v1.post("/api/v1/auth/forgot-password").json(Map.of("email", user.email())).send().expect(202);
        Response unknown = v1.post("/api/v1/auth/forgot-password").json(Map.of("email", "nobody-" + UUID.randomUUID()
                + "@example.com")).send().expect(202);
        assertThat(data(known).isNull()).isTrue();
        assertThat(known.body()).isEqualTo(unknown.body());
        error(v1.post("/api/v1/auth/forgot-password").json(Map.of()).send().expect(400));
    }

    // --- events ---

    @Test
    void createsChangesAndDeletesEventsInItsSchema() {
        Client organizer = register("organizer");
        String date = inDays(12);
        JsonNode created = create(organizer, event("Jazz by the sea", date, TEL_AVIV));

        UUID id = UUID.fromString(created.get("id").asString());
        assertThat(created.get("title").asString()).isEqualTo("Jazz by the sea");
        assertThat(created.get("description").asString()).isEqualTo("All about Jazz by the sea");
        assertThat(Instant.parse(created.get("date").asString())).isEqualTo(Instant.parse(date));
        assertThat(created.get("category").asString()).isEqualTo("music");
        assertThat(created.get("location_address").asString()).isEqualTo("Rothschild Blvd 1, Tel Aviv");
        assertThat(created.get("location").get("type").asString()).isEqualTo("Point");
        assertThat(created.get("location").get("coordinates")).extracting(JsonNode::asDouble)
                .containsExactly(34.7818, 32.0853);
        assertThat(created.get("geofence_radius").asInt()).isEqualTo(150);
        assertThat(created.get("organizer_id").asString()).isEqualTo(organizer.id().toString());
        assertThat(created.get("rsvps").isArray() && created.get("rsvps").isEmpty()).isTrue();
        assertThat(created.get("arrivals").isArray() && created.get("arrivals").isEmpty()).isTrue();
        assertThat(created.get("photo_gallery").isArray() && created.get("photo_gallery").isEmpty()).isTrue();
        assertThat(created.get("created_at").asString()).isNotBlank();
        // EventFlow's row: the end after eventflow.compat.default-duration, latitude and longitude in their columns
        Map<String, Object> row = jdbc.queryForMap("SELECT start_time, end_time, latitude, longitude FROM events "
                + "WHERE id = ?", id);
        assertThat(Duration.between(((Timestamp) row.get("start_time")).toInstant(),
                ((Timestamp) row.get("end_time")).toInstant())).isEqualTo(Duration.ofHours(2));
        assertThat(((Number) row.get("latitude")).doubleValue()).isEqualTo(32.0853);
        assertThat(((Number) row.get("longitude")).doubleValue()).isEqualTo(34.7818);

        String moved = inDays(13);
        JsonNode changed = data(v1.put("/api/v1/events/" + id).bearer(organizer.access())
                .json(Map.of("title", "Jazz by the sea (moved)", "date", moved, "rsvps", List.of())).send().expect(200));
        assertThat(changed.get("title").asString()).isEqualTo("Jazz by the sea (moved)");
        assertThat(Instant.parse(changed.get("date").asString())).isEqualTo(Instant.parse(moved));
        assertThat(changed.get("location_address").asString()).isEqualTo("Rothschild Blvd 1, Tel Aviv"); // merged
        // and EventFlow's own API sees the same event
        assertThat(main.get("/api/v1/events/" + id).send().expect(200).body().get("title").asString())
                .isEqualTo("Jazz by the sea (moved)");

        assertThat(data(v1.delete("/api/v1/events/" + id).bearer(organizer.access()).send().expect(200)).get("id")
                .asString()).isEqualTo(id.toString());
        error(v1.put("/api/v1/events/" + id).bearer(organizer.access()).json(Map.of("title", "gone")).send().expect(404));
        error(v1.delete("/api/v1/events/" + id).bearer(organizer.access()).send().expect(404));
    }

    @Test
    void refusesBadEventsWithItsErrorBodyAndWritesNothing() {
        Client organizer = register("organizer");
        Client attendee = register("attendee");
        String title = "Refused " + UUID.randomUUID();
        Map<String, Object> good = event(title, inDays(5), TEL_AVIV);

        assertThat(error(v1.post("/api/v1/events").bearer(attendee.access()).json(good).send().expect(403)))
                .contains("organizers");
        error(v1.post("/api/v1/events").json(good).send().expect(401));
        error(v1.post("/api/v1/events").bearer("not-a-token").json(good).send().expect(401));

        Map<String, Object> swapped = new HashMap<>(good);
        swapped.put("location", Map.of("type", "Point", "coordinates", List.of(35.6762, 139.6503))); // Tokyo, lat first
        assertThat(error(v1.post("/api/v1/events").bearer(organizer.access()).json(swapped).send().expect(400)))
                .contains("location.coordinates");
        assertThat(v1.post("/api/v1/events").bearer(organizer.access()).json(swapped).send().body().get("errors")
                .get("location.coordinates").asString()).contains("looks like [latitude, longitude]");
        Map<String, Object> outOfRange = new HashMap<>(good);
        outOfRange.put("location", Map.of("type", "Point", "coordinates", List.of(200.0, 10.0)));
        error(v1.post("/api/v1/events").bearer(organizer.access()).json(outOfRange).send().expect(400));
        Map<String, Object> polygon = new HashMap<>(good);
        polygon.put("location", Map.of("type", "Polygon", "coordinates", TEL_AVIV));
        assertThat(error(v1.post("/api/v1/events").bearer(organizer.access()).json(polygon).send().expect(400)))
                .contains("location.type");
        Map<String, Object> strings = new HashMap<>(good);
        strings.put("location", Map.of("type", "Point", "coordinates", List.of("34.78", "32.08")));
        error(v1.post("/api/v1/events").bearer(organizer.access()).json(strings).send().expect(400));
        Map<String, Object> three = new HashMap<>(good);
        three.put("location", Map.of("type", "Point", "coordinates", List.of(34.78)));
        error(v1.post("/api/v1/events").bearer(organizer.access()).json(three).send().expect(400));
        Map<String, Object> noDate = new HashMap<>(good);
        noDate.remove("date");
        error(v1.post("/api/v1/events").bearer(organizer.access()).json(noDate).send().expect(400));
        // the catalog's refusals name the fields as the client sent them
        Map<String, Object> past = new HashMap<>(good);
        past.put("date", "2023-10-27");
        assertThat(v1.post("/api/v1/events").bearer(organizer.access()).json(past).send().expect(422).body()
                .get("errors").get("date").asString()).contains("past");
        Map<String, Object> tinyFence = new HashMap<>(good);
        tinyFence.put("geofence_radius", 5);
        assertThat(v1.post("/api/v1/events").bearer(organizer.access()).json(tinyFence).send().expect(400).body()
                .get("errors").has("geofence_radius")).isTrue();
        Map<String, Object> spacedCategory = new HashMap<>(good);
        spacedCategory.put("category", "Tech Meetup");
        assertThat(error(v1.post("/api/v1/events").bearer(organizer.access()).json(spacedCategory).send().expect(400)))
                .contains("category");
        Map<String, Object> unknownField = new HashMap<>(good);
        unknownField.put("capacity_max", 3);
        error(v1.post("/api/v1/events").bearer(organizer.access()).json(unknownField).send().expect(400));
        error(v1.post("/api/v1/events").bearer(organizer.access()).raw("application/json", "{\"title\": ").send()
                .expect(400));
        error(v1.post("/api/v1/events").bearer(organizer.access()).raw("text/plain", "title").send().expect(415));
        assertThat(eventsTitled(title)).isZero();

        UUID id = UUID.fromString(create(organizer, good).get("id").asString());
        error(v1.put("/api/v1/events/" + id).bearer(organizer.access()).json(Map.of("location", Map.of("type",
                "Point", "coordinates", List.of(35.6762, 139.6503)))).send().expect(400));
        error(v1.put("/api/v1/events/" + id).bearer(attendee.access()).json(Map.of("title", "mine now")).send()
                .expect(403));
        error(v1.delete("/api/v1/events/" + id).bearer(attendee.access()).send().expect(403));
        error(v1.put("/api/v1/events/" + UUID.randomUUID()).bearer(organizer.access()).json(Map.of("title", "x"))
                .send().expect(404));
        error(v1.put("/api/v1/events/not-a-uuid").bearer(organizer.access()).json(Map.of("title", "x")).send()
                .expect(400));
        error(v1.post("/api/v1/events/" + UUID.randomUUID() + "/rsvp").bearer(attendee.access()).send().expect(404));
        Map<String, Object> row = jdbc.queryForMap("SELECT title, latitude FROM events WHERE id = ?", id);
        assertThat(row.get("title")).isEqualTo(title);
        assertThat(((Number) row.get("latitude")).doubleValue()).isEqualTo(32.0853);
    }

    @Test
    void findsEventsNearbyByCategoryAndWords() {
        Client organizer = register("organizer");
        String word = "zq" + UUID.randomUUID().toString().substring(0, 6);
        create(organizer, event("Tel Aviv " + word, inDays(7), TEL_AVIV));
        Map<String, Object> haifa = event("Haifa " + word, inDays(8), HAIFA);
        haifa.put("category", "theatre");
        create(organizer, haifa);

        JsonNode all = v1.get("/api/v1/events?q=" + word).send().expect(200).body();
        assertThat(all.get("message").asString()).isNotBlank();
        assertThat(all.get("data")).extracting(e -> e.get("title").asString())
                .containsExactly("Tel Aviv " + word, "Haifa " + word);
        assertThat(all.get("pagination").get("total").asLong()).isEqualTo(2);
        assertThat(all.get("pagination").get("page").asInt()).isEqualTo(1);

        JsonNode near = data(v1.get("/api/v1/events?q=" + word + "&lat=32.08&lng=34.78&radius=10").send().expect(200));
        assertThat(near).extracting(e -> e.get("title").asString()).containsExactly("Tel Aviv " + word);
        assertThat(near.get(0).get("distance_km").asDouble()).isLessThan(1);
        assertThat(data(v1.get("/api/v1/events?q=" + word + "&lat=32.79&lon=34.99&radius=5").send().expect(200)))
                .extracting(e -> e.get("title").asString()).containsExactly("Haifa " + word);
        assertThat(data(v1.get("/api/v1/events?q=" + word + "&lat=32.08&lng=34.78&radius=200").send().expect(200)))
                .hasSize(2);
        assertThat(data(v1.get("/api/v1/events?q=" + word + "&category=theatre").send().expect(200)))
                .extracting(e -> e.get("title").asString()).containsExactly("Haifa " + word);
        assertThat(data(v1.get("/api/v1/events?q=" + word + "&limit=1&page=2").send().expect(200)))
                .extracting(e -> e.get("title").asString()).containsExactly("Haifa " + word);

        error(v1.get("/api/v1/events?lat=32.08").send().expect(400));
        error(v1.get("/api/v1/events?lat=132.08&lng=34.78").send().expect(400));
        error(v1.get("/api/v1/events?lat=north&lng=34.78").send().expect(400));
        error(v1.get("/api/v1/events?page=0").send().expect(400));
    }

    @Test
    void rsvpArrivalAndStatsGoThroughTheBookingsWithTheirPrivacy() {
        Client organizer = register("organizer");
        Client guest = register("attendee");
        Client stranger = register("attendee");
        String word = "zr" + UUID.randomUUID().toString().substring(0, 6);
        // starting in 30 minutes: arrival is accepted from an hour before the start
        String soon = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        UUID id = UUID.fromString(create(organizer, event("Arrivals " + word, soon, TEL_AVIV)).get("id").asString());

        JsonNode booking = data(v1.post("/api/v1/events/" + id + "/rsvp").bearer(guest.access()).send().expect(201));
        assertThat(booking.get("status").asString()).isEqualTo("confirmed");
        assertThat(booking.get("event_id").asString()).isEqualTo(id.toString());
        assertThat(booking.get("user_id").asString()).isEqualTo(guest.id().toString());
        error(v1.post("/api/v1/events/" + id + "/rsvp").bearer(guest.access()).send().expect(409));
        error(v1.post("/api/v1/events/" + id + "/rsvp").send().expect(401));

        String far = error(v1.post("/api/v1/events/" + id + "/arrival").bearer(guest.access())
                .json(Map.of("latitude", 32.2, "longitude", 34.78)).send().expect(422));
        assertThat(far).contains("m from the event");
        error(v1.post("/api/v1/events/" + id + "/arrival").bearer(guest.access()).json(Map.of("latitude", 32.0853))
                .send().expect(400));
        error(v1.post("/api/v1/events/" + id + "/arrival").bearer(guest.access())
                .json(Map.of("latitude", 132.0, "longitude", 34.78)).send().expect(400));
        error(v1.post("/api/v1/events/" + id + "/arrival").bearer(stranger.access())
                .json(Map.of("latitude", 32.0853, "longitude", 34.7818)).send().expect(403));
        JsonNode arrived = data(v1.post("/api/v1/events/" + id + "/arrival").bearer(guest.access())
                .json(Map.of("latitude", 32.0854, "longitude", 34.7818)).send().expect(200));
        assertThat(arrived.get("distance_m").asLong()).isLessThan(150);
        error(v1.post("/api/v1/events/" + id + "/arrival").bearer(guest.access())
                .json(Map.of("latitude", 32.0854, "longitude", 34.7818)).send().expect(409));

        JsonNode stats = data(v1.get("/api/v1/events/" + id + "/stats").bearer(organizer.access()).send().expect(200));
        assertThat(stats.get("rsvp_count").asLong()).isEqualTo(1);
        assertThat(stats.get("arrival_count").asLong()).isEqualTo(1);
        assertThat(stats.get("confirmed").asLong()).isEqualTo(1);
        error(v1.get("/api/v1/events/" + id + "/stats").bearer(guest.access()).send().expect(403));
        error(v1.get("/api/v1/events/" + UUID.randomUUID() + "/stats").bearer(organizer.access()).send().expect(404));

        // who came: the organizer sees everyone, the guest only themself, anyone else nobody
        JsonNode forOrganizer = data(v1.get("/api/v1/events?q=" + word).bearer(organizer.access()).send().expect(200))
                .get(0);
        assertThat(forOrganizer.get("rsvps")).extracting(JsonNode::asString).containsExactly(guest.id().toString());
        assertThat(forOrganizer.get("arrivals")).extracting(JsonNode::asString).containsExactly(guest.id().toString());
        assertThat(forOrganizer.get("rsvp_count").asInt()).isEqualTo(1);
        JsonNode forGuest = data(v1.get("/api/v1/events?q=" + word).bearer(guest.access()).send().expect(200)).get(0);
        assertThat(forGuest.get("rsvps")).extracting(JsonNode::asString).containsExactly(guest.id().toString());
        JsonNode forStranger = data(v1.get("/api/v1/events?q=" + word).bearer(stranger.access()).send().expect(200))
                .get(0);
        assertThat(forStranger.get("rsvps")).isEmpty();
        assertThat(forStranger.get("arrivals")).isEmpty();
        assertThat(forStranger.get("rsvp_count").asInt()).isEqualTo(1);
        assertThat(data(v1.get("/api/v1/events?q=" + word).send().expect(200)).get(0).get("rsvps")).isEmpty();
    }

    @Test
    void photosAreUploadedAsItsClientsSendThemAndServedOnThePort() throws IOException {
        Client organizer = register("organizer");
        Client guest = register("attendee");
        String word = "zp" + UUID.randomUUID().toString().substring(0, 6);
        UUID id = UUID.fromString(create(organizer, event("Gallery " + word, inDays(3), TEL_AVIV)).get("id").asString());
        v1.post("/api/v1/events/" + id + "/rsvp").bearer(guest.access()).send().expect(201);

        JsonNode first = data(v1.post("/api/v1/events/" + id + "/photos").bearer(organizer.access())
                .file("photo", "stage.png", "image/png", png()).send().expect(201));
        assertThat(first.get("url").asString()).startsWith(v1.base() + "/api/v1/photos/");
        JsonNode second = data(v1.post("/api/v1/events/" + id + "/photos").bearer(guest.access())
                .file("file", "crowd.png", "image/png", png()).send().expect(201));

        JsonNode gallery = v1.get("/api/v1/events/" + id + "/photos").send().expect(200).body();
        assertThat(gallery.get("message").asString()).isNotBlank();
        assertThat(gallery.get("data")).extracting(JsonNode::asString)
                .containsExactly(second.get("url").asString(), first.get("url").asString());
        assertThat(data(v1.get("/api/v1/events?q=" + word).send().expect(200)).get(0).get("photo_gallery"))
                .extracting(JsonNode::asString).containsExactly(second.get("url").asString(), first.get("url").asString());
        // the gallery's links answer on this port
        Response file = new Api(first.get("url").asString()).get("").send().expect(200);
        assertThat(file.contentType()).isEqualTo("image/png");
        new Api(first.get("thumbnail_url").asString()).get("").send().expect(200);
        error(v1.get("/api/v1/photos/" + UUID.randomUUID()).send().expect(404));

        Client stranger = register("attendee");
        error(v1.post("/api/v1/events/" + id + "/photos").bearer(stranger.access())
                .file("photo", "x.png", "image/png", png()).send().expect(403));
        error(v1.post("/api/v1/events/" + id + "/photos").bearer(organizer.access())
                .file("picture", "x.png", "image/png", png()).send().expect(400));
        error(v1.post("/api/v1/events/" + id + "/photos").bearer(organizer.access())
                .file("photo", "x.png", "image/png", "not an image".getBytes()).send().expect(415));
        error(v1.post("/api/v1/events/" + id + "/photos").bearer(organizer.access()).json(Map.of()).send().expect(415));
        error(v1.post("/api/v1/events/" + id + "/photos").file("photo", "x.png", "image/png", png()).send().expect(401));
        error(v1.get("/api/v1/events/" + UUID.randomUUID() + "/photos").send().expect(404));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM photos WHERE event_id = ?", Long.class, id)).isEqualTo(2);
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", png);
        return png.toByteArray();
    }

    // --- users, feed, organizer ---

    @Test
    void followsAndTheFeedInItsActivitySchema() {
        Client reader = register("attendee");
        Client organizer = register("organizer");
        Following followed = follow(reader, organizer, true);
        assertThat(followed.following()).isTrue();
        assertThat(followed.userId()).isEqualTo(organizer.id().toString());
        follow(reader, organizer, true); // idempotent
        String title = "Feed " + UUID.randomUUID().toString().substring(0, 6);
        String eventId = create(organizer, event(title, inDays(9), TEL_AVIV)).get("id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> types(reader).contains("EVENT_CREATED"));
        JsonNode feed = v1.get("/api/v1/feed").bearer(reader.access()).send().expect(200).body();
        assertThat(feed.get("message").asString()).isNotBlank();
        assertThat(feed.has("next_cursor")).isTrue();
        JsonNode created = find(feed.get("data"), "EVENT_CREATED");
        assertThat(created.get("actor_id").asString()).isEqualTo(organizer.id().toString());
        assertThat(created.get("actor_name").asString()).isEqualTo(organizer.username());
        assertThat(created.get("event_id").asString()).isEqualTo(eventId);
        assertThat(created.get("summary").asString()).contains(title);
        assertThat(created.get("timestamp").asString()).isNotBlank();
        JsonNode follow = find(feed.get("data"), "FOLLOW");
        assertThat(follow.get("actor_id").asString()).isEqualTo(reader.id().toString());
        assertThat(follow.get("target_user_id").asString()).isEqualTo(organizer.id().toString());
        assertThat(follow.get("event_id").isNull()).isTrue();

        v1.post("/api/v1/events/" + eventId + "/rsvp").bearer(reader.access()).send().expect(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> types(reader).contains("RSVP"));

        assertThat(follow(reader, organizer, false).following()).isFalse();
        error(v1.post("/api/v1/users/" + reader.id() + "/follow").bearer(reader.access()).send().expect(400));
        error(v1.post("/api/v1/users/" + UUID.randomUUID() + "/follow").bearer(reader.access()).send().expect(404));
        error(v1.post("/api/v1/users/" + organizer.id() + "/follow").send().expect(401));
        error(v1.get("/api/v1/feed").send().expect(401));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM follows WHERE follower_id = ?", Long.class, reader.id()))
                .isZero();
    }

    record Following(String userId, boolean following) {
    }

    private Following follow(Client follower, Client followee, boolean follow) {
        JsonNode data = data(v1.post("/api/v1/users/" + followee.id() + (follow ? "/follow" : "/unfollow"))
                .bearer(follower.access()).send().expect(200));
        return new Following(data.get("user_id").asString(), data.get("following").asBoolean());
    }

    private List<String> types(Client reader) {
        return data(v1.get("/api/v1/feed?limit=50").bearer(reader.access()).send().expect(200)).valueStream()
                .map(item -> item.get("type").asString()).toList();
    }

    private static JsonNode find(JsonNode items, String type) {
        return items.valueStream().filter(item -> item.get("type").asString().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void theOrganizerListsTheirOwnEvents() {
        Client organizer = register("organizer");
        Client other = register("organizer");
        create(organizer, event("Mine 1", inDays(4), TEL_AVIV));
        create(organizer, event("Mine 2", inDays(5), HAIFA));
        create(other, event("Not mine", inDays(4), TEL_AVIV));

        JsonNode mine = v1.get("/api/v1/organizer/events").bearer(organizer.access()).send().expect(200).body();
        assertThat(mine.get("data")).extracting(e -> e.get("title").asString()).containsExactly("Mine 1", "Mine 2");
        assertThat(mine.get("pagination").get("total").asLong()).isEqualTo(2);
        assertThat(mine.get("data").get(0).get("organizer_id").asString()).isEqualTo(organizer.id().toString());
        error(v1.get("/api/v1/organizer/events").bearer(register("attendee").access()).send().expect(403));
        error(v1.get("/api/v1/organizer/events").send().expect(401));
    }

    // --- routing and chat ---

    @Test
    void routingErrorsOnThePortAnswerInItsShape() {
        assertThat(error(v1.get("/api/v1/nothing/here").send().expect(404))).isEqualTo("No such route");
        error(v1.get("/no/such/route").send().expect(404));
        error(v1.method("PATCH", "/api/v1/events").send().expect(405));
        error(v1.get("/api/v1/auth/login").send().expect(405));
        error(v1.post("/api/v1/auth/logout").send().expect(405));
        // below its prefix on the main port as well
        data(main.get("/api/compat-v1/api/v1/events?limit=1").send().expect(200));
    }

    @Test
    void chatsOverThePortWithItsEventNamesAndMessageFields() {
        Client organizer = register("organizer");
        Client guest = register("attendee");
        UUID id = UUID.fromString(create(organizer, event("Chat " + UUID.randomUUID(), inDays(2), TEL_AVIV)).get("id")
                .asString());
        v1.post("/api/v1/events/" + id + "/rsvp").bearer(guest.access()).send().expect(201);

        try (WsClient host = WsClient.connect(v1, "/ws/chat/" + id + "?token=" + organizer.access());
                WsClient member = WsClient.connect(v1, "/ws/chat/" + id + "?token=" + guest.access())) {
            host.send("join_chat", Map.of());
            host.next("recent_messages");
            member.send("join_chat", Map.of());
            member.next("recent_messages");
            assertThat(host.next("user_joined", d -> d.get("user_id").asString().equals(guest.id().toString()))
                    .get("username").asString()).isEqualTo(guest.username());

            member.send("send_message", Map.of("text", "See you at the stage"));
            JsonNode message = host.next("new_message");
            assertThat(message.get("user_id").asString()).isEqualTo(guest.id().toString());
            assertThat(message.get("username").asString()).isEqualTo(guest.username());
            assertThat(message.get("text").asString()).isEqualTo("See you at the stage");
            assertThat(Instant.parse(message.get("timestamp").asString())).isCloseTo(Instant.now(),
                    org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));

            member.send("send_message", Map.of("text", " "));
            assertThat(member.next("error").get("message").asString()).isNotBlank();
            member.send("leave_chat", Map.of());
            assertThat(host.next("user_left").get("user_id").asString()).isEqualTo(guest.id().toString());
        }
        try (WsClient late = WsClient.connect(v1, "/ws/chat/" + id + "?token=" + guest.access())) {
            late.send("join_chat", Map.of());
            JsonNode history = late.next("recent_messages").get("messages").get(0);
            assertThat(history.get("text").asString()).isEqualTo("See you at the stage");
            assertThat(history.get("timestamp").asString()).isNotBlank();
        }
        Client stranger = register("attendee");
        try (WsClient refused = WsClient.connect(v1, "/ws/chat/" + id + "?token=" + stranger.access())) {
            assertThat(refused.awaitClose().code()).isEqualTo(4403);
        }
    }
}
