package io.eventflow.fuzz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;

import io.eventflow.support.Api;
import io.eventflow.support.Api.Session;

/**
 * The real things fuzzed requests point at, so they get past "404 unknown" into the code behind: an organizer with an
 * event far in the future (no reminder or "starting soon" job touches it during the run), an attendee booked on it,
 * a photo in its gallery, the attendee's booking notification and a weekly series of the organizer. Made again whenever an accepted request may have
 * spent one of them (a deletion, a logout, a password change).
 */
record Fixture(Session organizer, Session attendee, Session admin, String eventId, long eventNumber, String bookingId,
        String photoId, String notificationId, long organizerNumber, long attendeeNumber, String seriesId) {

    /**
     * @param rootAdmin the configured first admin: it only promotes the fixture's own admin, and is never handed to the
     *                  fuzzer (a fuzzed request could rename it or sign it out, and other test classes of the run log in
     *                  as it)
     */
    static Fixture create(Api api, Session rootAdmin) {
        Session admin = promoted(api, api.register("attendee"), rootAdmin);
        Session organizer = api.register("organizer");
        Session attendee = api.register("attendee");
        Instant start = Instant.now().plus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> event = new HashMap<>();
        event.put("title", "Fuzz target");
        event.put("description", "The event fuzzed requests point at");
        event.put("category", "tech-meetup");
        event.put("start_time", start.toString());
        event.put("end_time", start.plus(2, ChronoUnit.HOURS).toString());
        event.put("location", "Tel Aviv, Rothschild 1");
        event.put("latitude", 32.0636);
        event.put("longitude", 34.7745);
        event.put("capacity", 1000);
        event.put("price", 12.5);
        event.put("currency", "ils");
        JsonNode created = api.post("/api/v1/events").bearer(organizer).json(event).send().expect(201).body();
        String eventId = created.get("id").asString();
        String bookingId = api.book(attendee, eventId).get("id").asString();
        String photoId = api.post("/api/v1/events/" + eventId + "/photos").bearer(organizer)
                .file("photo", "fuzz.png", "image/png", png()).send().expect(201).body().get("id").asString();
        JsonNode notifications = api.get("/api/v1/notifications").bearer(attendee).send().expect(200).body().path("items");
        // the booking's notice is written after commit, by a listener; a random id does when it is not there yet
        String notificationId = notifications.isEmpty() ? UUID.randomUUID().toString()
                : notifications.get(0).get("id").asString();
        event.put("rrule", "FREQ=WEEKLY;COUNT=4");
        String seriesId = api.post("/api/v1/event-series").bearer(organizer).json(event).send().expect(201).body()
                .get("id").asString();
        return new Fixture(organizer, attendee, admin, eventId, created.get("number").asLong(), bookingId, photoId,
                notificationId, number(api, organizer), number(api, attendee), seriesId);
    }

    private static Session promoted(Api api, Session user, Session rootAdmin) {
        api.put("/api/v1/users/" + user.userId()).bearer(rootAdmin)
                .json(Map.of("username", user.username(), "email", user.email(), "role", "admin")).send().expect(200);
        return api.login(user.username(), user.password());
    }

    private static long number(Api api, Session user) {
        return api.get("/api/v1/users/" + user.userId()).send().expect(200).body().get("number").asLong();
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xFF8800);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value a path variable or placeholder named {@code name} stands for, for the route it is in. */
    String valueFor(String name, String path) {
        return switch (name) {
            case "event_number" -> Long.toString(eventNumber);
            case "user_number" -> Long.toString(attendeeNumber);
            case "event_id" -> eventId;
            case "user_id" -> attendee.userId().toString();
            case "notification_id" -> notificationId;
            case "location" -> "Tel Aviv";
            case "field" -> "title";
            case "token" -> "feed" + UUID.randomUUID();
            case "id" -> idFor(path);
            default -> "1";
        };
    }

    /** {@code {id}} names what the route is about: its first segment after {@code /api/v1/}. */
    private String idFor(String path) {
        if (path.startsWith("/api/v1/events/")) {
            return eventId;
        }
        if (path.startsWith("/api/v1/event-series/")) {
            return seriesId;
        }
        if (path.startsWith("/api/v1/bookings/")) {
            return bookingId;
        }
        if (path.startsWith("/api/v1/photos/")) {
            return photoId;
        }
        if (path.startsWith("/api/v1/notifications/")) {
            return notificationId;
        }
        if (path.startsWith("/api/v1/users/")) {
            return organizer.userId().toString();
        }
        return UUID.randomUUID().toString();
    }
}
