package io.eventflow.compat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.CurrentUser;
import io.eventflow.media.PhotoView;
import io.eventflow.media.Photos;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.RuleViolated;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * Seed 004's shapes, shared by {@link V1Api} and {@link V1SocialApi}: its envelope ({@code {"message", "data"}}), its
 * events (a GeoJSON {@code location}, {@code date} for the start, {@code rsvps}, {@code arrivals},
 * {@code photo_gallery}), and how the fields it writes become an {@link EventDraft}.
 * <p>
 * Lists are bounded pages, not whole-catalog streams: each event carries its attendees and gallery, looked up for the
 * page at once (one query each), which a stream could only do per event. {@code page} counts from 1 as Flask
 * paginators do; {@code limit} is at most {@link Paging#MAX_SIZE} and defaults to it, so a client that never asks for
 * a second page sees as much as one page can hold; {@code pagination} says whether there is more.
 */
@Component
@CompatEnabled
class V1Events {

    /** The photos an event's {@code photo_gallery} lists, newest first; the whole gallery is {@code GET .../photos}. */
    static final int GALLERY = 50;

    private static final Set<String> FIELDS = Set.of("title", "description", "date", "category", "location_address",
            "location", "geofence_radius");
    /** In seed 004's event schema, but EventFlow's to assign: ids, the organizer (the caller), attendees, photos. */
    private static final Set<String> ASSIGNED = Set.of("id", "_id", "organizer_id", "rsvps", "arrivals",
            "photo_gallery", "created_at");

    /** EventFlow's names of the event's fields as seed 004 writes them, for the catalog's refusals. */
    private static final Map<String, String> SEED_NAMES = Map.of("start_time", "date", "end_time", "date",
            "location", "location_address", "latitude", "location.coordinates", "longitude", "location.coordinates",
            "geofence_radius_m", "geofence_radius");

    private final Bookings bookings;
    private final Photos photos;
    private final CompatProperties properties;

    V1Events(Bookings bookings, Photos photos, CompatProperties properties) {
        this.bookings = bookings;
        this.photos = photos;
        this.properties = properties;
    }

    /** Seed 004's success envelope. */
    record Reply<T>(String message, @Nullable T data) {
    }

    /** The envelope of a list: one page of it in {@code data}, where it stands in {@code pagination}. */
    record Listed<T>(String message, List<T> data, Pagination pagination) {

        static <T> Listed<T> of(String message, PageView<?> page, List<T> data) {
            return new Listed<>(message, data, new Pagination(page.page() + 1, page.size(), page.total()));
        }
    }

    /** {@code page} counts from 1. */
    record Pagination(int page, int limit, long total) {
    }

    /** A GeoJSON Point: {@code coordinates} are {@code [longitude, latitude]}. */
    record Point(String type, List<Double> coordinates) {
    }

    /**
     * An event in seed 004's schema. {@code rsvps} and {@code arrivals} are user ids: all of them for the event's
     * organizer and admins, otherwise only the caller, if they hold a seat / have arrived (EventFlow shows who takes
     * part only to whoever manages the event). {@code rsvp_count}, the seats taken, is public as in EventFlow's own
     * event. {@code distance_km} only in a nearby search.
     */
    record Event(UUID id, String title, String description, Instant date, @Nullable String category,
            @Nullable String locationAddress, @Nullable Point location, int geofenceRadius, UUID organizerId,
            List<UUID> rsvps, List<UUID> arrivals, List<String> photoGallery, Instant createdAt, int rsvpCount,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double distanceKm) {
    }

    Event shape(EventView view, @Nullable CurrentUser caller) {
        return shape(List.of(view), caller).getFirst();
    }

    /** The events in seed 004's schema, their attendees and galleries read for all of them at once. */
    List<Event> shape(List<EventView> views, @Nullable CurrentUser caller) {
        List<UUID> managed = new ArrayList<>();
        List<UUID> others = new ArrayList<>();
        for (EventView view : views) {
            (EventPolicy.mayManage(caller, view.organizerId()) ? managed : others).add(view.id());
        }
        Map<UUID, Bookings.Attendees> everyone = bookings.attendees(managed, null);
        Map<UUID, Bookings.Attendees> own = caller == null ? Map.of() : bookings.attendees(others, caller.id());
        Map<UUID, List<PhotoView>> galleries = photos.newestOfEvents(views.stream().map(EventView::id).toList(), GALLERY);
        List<Event> events = new ArrayList<>(views.size());
        for (EventView view : views) {
            Bookings.Attendees attendees = everyone.containsKey(view.id()) ? everyone.get(view.id()) : own.get(view.id());
            List<String> gallery = galleries.getOrDefault(view.id(), List.of()).stream()
                    .map(photo -> absolute(photo.url())).toList();
            Point location = view.latitude() == null || view.longitude() == null ? null
                    : new Point("Point", List.of(view.longitude(), view.latitude()));
            events.add(new Event(view.id(), view.title(), view.description(), view.startTime(), view.category(),
                    view.location(), location, view.geofenceRadiusM(), view.organizerId(),
                    attendees == null ? List.of() : attendees.confirmed(),
                    attendees == null ? List.of() : attendees.arrived(), gallery, view.createdAt(), view.seatsTaken(),
                    view.distanceKm()));
        }
        return events;
    }

    Listed<Event> listed(String message, PageView<EventView> page, @Nullable CurrentUser caller) {
        return Listed.of(message, page, shape(page.items(), caller));
    }

    /**
     * A link to one of EventFlow's own paths ({@code /api/v1/photos/{id}}) on the host and port the client called:
     * seed 004's galleries held absolute URLs (its bucket's), and a front end on another origin needs one. On port
     * 5000 those paths are EventFlow's ({@link Door#passesThrough}).
     */
    static String absolute(String path) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).toUriString();
    }

    /** Seed 004's {@code page} (from 1) as EventFlow's (from 0). */
    static int page(@Nullable Integer page) {
        if (page == null) {
            return 0;
        }
        if (page < 1) {
            throw InvalidInput.field("page", "must be 1 or more (the first page is 1)");
        }
        return page - 1;
    }

    /** Seed 004's {@code limit}; EventFlow's paging refuses less than 1 and caps it at {@link Paging#MAX_SIZE}. */
    static int limit(@Nullable Integer limit) {
        return limit == null ? Paging.MAX_SIZE : limit;
    }

    static Paging paging(@Nullable Integer page, @Nullable Integer limit) {
        return Paging.of(page(page), limit(limit));
    }

    /**
     * Runs a catalog write, its refusal of a field renamed to the field the client sent ({@code date}, not
     * {@code start_time}); the catalog's words stay as they are.
     */
    static <T> T writing(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (InvalidInput invalid) {
            List<FieldProblem> renamed = renamed(invalid.errors());
            throw renamed.equals(invalid.errors()) ? invalid
                    : new InvalidInput("Invalid fields: " + fields(renamed), renamed);
        } catch (RuleViolated violated) { // a start in the past, an end before the start
            List<FieldProblem> renamed = renamed(violated.errors());
            throw renamed.equals(violated.errors()) ? violated
                    : new RuleViolated("The event is not consistent: " + fields(renamed), renamed);
        }
    }

    private static List<FieldProblem> renamed(List<FieldProblem> problems) {
        return problems.stream().map(p -> new FieldProblem(SEED_NAMES.getOrDefault(p.field(), p.field()), p.message()))
                .toList();
    }

    private static String fields(List<FieldProblem> problems) {
        return String.join(", ", problems.stream().map(FieldProblem::field).distinct().toList());
    }

    /** A new event; times without an offset are read in {@code eventflow.compat.time-zone}. */
    EventDraft fresh() {
        return EventDraft.fresh(properties.timeZone());
    }

    /**
     * Merges the fields of seed 004's event schema that a client writes into {@code draft}: {@code date} is the start
     * (a new event lasts {@code eventflow.compat.default-duration}, a moved one keeps its length),
     * {@code location_address} the place's name, {@code location} its GeoJSON point, {@code geofence_radius} the
     * arrival radius in metres. Every check of the values is the catalog's, except the GeoJSON's own form.
     */
    void apply(JsonNode body, EventDraft draft, boolean creating) {
        if (!body.isObject()) {
            throw InvalidInput.field("body", "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (ASSIGNED.contains(field)) {
                continue; // EventFlow assigns them: the organizer is the caller, attendees book, photos are uploaded
            }
            if (!FIELDS.contains(field)) {
                throw InvalidInput.field(field, "is not a field of an event; the fields are " + FIELDS);
            }
            switch (field) {
                case "title" -> draft.title = text(value, field);
                case "description" -> draft.description = text(value, field);
                case "category" -> draft.category = text(value, field);
                case "location_address" -> draft.location = text(value, field);
                case "date" -> {
                    String date = text(value, field);
                    if (date == null) {
                        throw InvalidInput.field("date", "is required");
                    }
                    Instant start = CompatTimes.parse(date, properties.timeZone(), "date");
                    Duration length = draft.startTime != null && draft.endTime != null
                            ? Duration.between(Instant.parse(draft.startTime), Instant.parse(draft.endTime))
                            : properties.defaultDuration();
                    draft.starts(start).ends(start.plus(length));
                }
                case "location" -> {
                    double[] point = value.isNull() ? null : lonLat(value);
                    draft.longitude = point == null ? null : point[0];
                    draft.latitude = point == null ? null : point[1];
                }
                case "geofence_radius" -> draft.geofenceRadiusM = value.isNull() ? null : metres(value);
                default -> throw new IllegalStateException(field);
            }
        }
        if (creating && draft.startTime == null) {
            throw InvalidInput.field("date", "is required");
        }
    }

    /**
     * A GeoJSON Point's {@code [longitude, latitude]} (RFC 7946: longitude first, in degrees). A pair in the wrong
     * order is caught where it cannot be a position — a latitude beyond ±90 — and the answer says so; a swapped pair
     * that is a valid position elsewhere cannot be told from a right one.
     */
    private static double[] lonLat(JsonNode location) {
        String shape = "must be a GeoJSON Point: {\"type\": \"Point\", \"coordinates\": [longitude, latitude]}";
        if (!location.isObject()) {
            throw InvalidInput.field("location", shape);
        }
        JsonNode type = location.path("type");
        if (!type.isString() || !type.asString().equals("Point")) {
            throw InvalidInput.field("location.type", "must be \"Point\"; " + shape);
        }
        JsonNode coordinates = location.path("coordinates");
        if (!coordinates.isArray() || coordinates.size() != 2 || !coordinates.get(0).isNumber()
                || !coordinates.get(1).isNumber()) {
            throw InvalidInput.field("location.coordinates", "must be [longitude, latitude], two numbers");
        }
        double longitude = coordinates.get(0).asDouble();
        double latitude = coordinates.get(1).asDouble();
        if (!(Math.abs(longitude) <= 180 && Math.abs(latitude) <= 90)) { // also NaN and infinities
            String swapped = Math.abs(latitude) > 90 && Math.abs(latitude) <= 180 && Math.abs(longitude) <= 90
                    ? "; [" + coordinates.get(0) + ", " + coordinates.get(1) + "] looks like [latitude, longitude]"
                    : "";
            throw InvalidInput.field("location.coordinates", "must be [longitude, latitude] with the longitude within "
                    + "-180..180 and the latitude within -90..90" + swapped);
        }
        return new double[] { longitude, latitude };
    }

    private static int metres(JsonNode value) {
        if (!value.isNumber() || value.asDouble() != Math.rint(value.asDouble())
                || Math.abs(value.asDouble()) > Integer.MAX_VALUE) {
            throw InvalidInput.field("geofence_radius", "must be a whole number of metres");
        }
        return (int) value.asDouble();
    }

    private static @Nullable String text(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw InvalidInput.field(field, "must be a string");
        }
        return value.asString();
    }
}
