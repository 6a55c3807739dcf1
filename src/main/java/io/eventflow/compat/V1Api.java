package io.eventflow.compat;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

import io.eventflow.booking.BookingStatus;
import io.eventflow.booking.BookingView;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventView;
import io.eventflow.compat.V1Events.Event;
import io.eventflow.compat.V1Events.Listed;
import io.eventflow.compat.V1Events.Reply;
import io.eventflow.identity.Accounts;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.PasswordResets;
import io.eventflow.identity.Profile;
import io.eventflow.identity.Role;
import io.eventflow.identity.SignedIn;
import io.eventflow.media.PhotoView;
import io.eventflow.media.Photos;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAuthenticated;
import io.eventflow.platform.paging.PageView;

/**
 * Seed 004, the Flask "Event Management Backend API", on port 5000 — accounts and events:
 * <pre>
 * POST /api/v1/auth/register {username, email, password, role}  → accounts.signUp; 201 data {access_token, refresh_token, user}
 * POST /api/v1/auth/login {email|username, password}           → accounts.signIn; 200 data {access_token, refresh_token, user}
 * POST /api/v1/auth/forgot-password {email}                    → passwordResets.requestReset; 202 for every address
 * GET  /api/v1/auth/logout                                     → accounts.signOut: the token stops working everywhere
 * GET  /api/v1/events?q=&amp;category=&amp;lat=&amp;lng=&amp;radius=&amp;page=&amp;limit= → catalog.search (near, radius_km)
 * POST /api/v1/events, PUT, DELETE /api/v1/events/{id}        → catalog.create / update (merge) / delete
 * POST /api/v1/events/{id}/rsvp, /arrival                     → bookings.rsvp / arrive (the geofence is booking's)
 * GET  /api/v1/events/{id}/stats                              → bookings.stats
 * GET, POST /api/v1/events/{id}/photos                        → photos.ofEvent / upload (multipart photo or file)
 * </pre>
 * Follows, the feed and the organizer's events are {@link V1SocialApi}; the shapes {@link V1Events}. Every answer is
 * {@code {"message", "data"}}; every error {@code {"message"}}, made from EventFlow's problem by {@link DialectErrors}
 * ({@link Dialect#V1_API}). Writes need a token — this door has no anonymous writes — and ids are EventFlow's UUIDs.
 */
@Hidden
@RestController
@CompatEnabled
@RequestMapping(CompatPaths.V1_PREFIX + "/api/v1")
class V1Api {

    private final Accounts accounts;
    private final PasswordResets passwordResets;
    private final EventCatalog catalog;
    private final Bookings bookings;
    private final Photos photos;
    private final V1Events events;

    V1Api(Accounts accounts, PasswordResets passwordResets, EventCatalog catalog, Bookings bookings, Photos photos,
            V1Events events) {
        this.accounts = accounts;
        this.passwordResets = passwordResets;
        this.catalog = catalog;
        this.bookings = bookings;
        this.photos = photos;
        this.events = events;
    }

    /** Seed 004's user without its embedded lists (following, followers, ...): those are EventFlow's own routes. */
    record User(UUID id, String username, @Nullable String email, Role role, Instant createdAt) {

        static User of(Profile profile) {
            return new User(profile.id(), profile.username(), profile.email(), profile.role(), profile.createdAt());
        }
    }

    record Session(String accessToken, String refreshToken, String tokenType, long expiresIn, User user) {
    }

    record Photo(UUID id, String url, String thumbnailUrl) {
    }

    record Stats(UUID eventId, @Nullable Integer capacity, long confirmed, long waitlisted, long cancelled,
            long rsvpCount, long arrivalCount, @Nullable Double fillRate) {
    }

    // --- accounts ---

    @PostMapping("/auth/register")
    ResponseEntity<Reply<Session>> register(@RequestBody JsonNode body) {
        object(body);
        SignedIn signedIn = accounts.signUp(string(body, "username"), string(body, "email"), string(body, "password"),
                role(body));
        return ResponseEntity.status(201).body(new Reply<>("User registered successfully", session(signedIn)));
    }

    @PostMapping("/auth/login")
    Reply<Session> login(@RequestBody JsonNode body) {
        object(body);
        String username = string(body, "username");
        // by username or e-mail address, as EventFlow's login; one answer for an unknown account and a wrong password
        SignedIn signedIn = accounts.signIn(username.isBlank() ? string(body, "email") : username,
                string(body, "password"));
        return new Reply<>("Login successful", session(signedIn));
    }

    @PostMapping("/auth/forgot-password")
    ResponseEntity<Reply<Void>> forgotPassword(@RequestBody JsonNode body) {
        object(body);
        String email = string(body, "email");
        if (email.isBlank() || email.length() > 254) {
            throw InvalidInput.field("email", "is required: the account's e-mail address");
        }
        passwordResets.requestReset(email); // returns at once, alike for every address
        return ResponseEntity.accepted().body(new Reply<>(
                "If an account uses this address, a link to reset its password is on its way", null));
    }

    @GetMapping("/auth/logout")
    Reply<Void> logout(CurrentUser caller, @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            @Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new NotAuthenticated("Send the access token to end as 'Authorization: Bearer <access_token>'");
        }
        accounts.signOut(authorization.substring(7).trim());
        return new Reply<>("Logged out " + caller.username(), null);
    }

    // --- events ---

    @GetMapping("/events")
    Listed<Event> events(@RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable Double lat,
            @RequestParam(required = false) @Nullable Double lng,
            @RequestParam(required = false) @Nullable Double lon,
            @RequestParam(required = false) @Nullable Double radius,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer limit, @Nullable CurrentUser caller) {
        Double longitude = lng != null ? lng : lon;
        if ((lat == null) != (longitude == null)) {
            throw InvalidInput.field(lat == null ? "lat" : "lng", "a nearby search needs both lat and lng (or lon)");
        }
        String near = lat == null ? null : lat + "," + longitude;
        // nearest first in a nearby search, soonest first otherwise (the catalog's defaults)
        PageView<EventView> found = catalog.search(new EventSearchRequest(q, null, category, null, null, null, near,
                radius, null, null, V1Events.page(page), V1Events.limit(limit)));
        return events.listed(found.total() + " events found", found, caller);
    }

    @PostMapping("/events")
    ResponseEntity<Reply<Event>> create(@RequestBody JsonNode body, CurrentUser caller) {
        EventPolicy.requirePublisher(caller); // seed 004 is organizer-only: no promotion as on the older doors
        EventDraft draft = events.fresh();
        events.apply(body, draft, true);
        EventView created = V1Events.writing(() -> catalog.create(caller, draft.input()));
        return ResponseEntity.status(201).body(new Reply<>("Event created", events.shape(created, caller)));
    }

    @PutMapping("/events/{id}")
    Reply<Event> update(@PathVariable UUID id, @RequestBody JsonNode body, CurrentUser caller) {
        EventDraft draft = EventDraft.of(catalog.view(id)); // merged, as seed 004's update set only the fields sent
        events.apply(body, draft, false);
        EventView updated = V1Events.writing(() -> catalog.update(caller, id, draft.input()));
        return new Reply<>("Event updated", events.shape(updated, caller));
    }

    @DeleteMapping("/events/{id}")
    Reply<Deleted> delete(@PathVariable UUID id, CurrentUser caller) {
        catalog.delete(caller, id);
        return new Reply<>("Event deleted", new Deleted(id));
    }

    record Deleted(UUID id) {
    }

    @PostMapping("/events/{id}/rsvp")
    ResponseEntity<Reply<BookingView>> rsvp(@PathVariable UUID id, CurrentUser caller) {
        BookingView booking = bookings.rsvp(caller, id);
        String message = booking.status() == BookingStatus.CONFIRMED ? "RSVP confirmed: you have a seat"
                : "The event is full: you are number " + booking.waitlistPosition() + " on its waiting list";
        return ResponseEntity.status(201).body(new Reply<>(message, booking));
    }

    @PostMapping("/events/{id}/arrival")
    Reply<Bookings.Arrival> arrival(@PathVariable UUID id, @RequestBody JsonNode body, CurrentUser caller) {
        object(body);
        Bookings.Arrival arrival = bookings.arrive(caller, id, number(body, "latitude"), number(body, "longitude"));
        return new Reply<>("Arrival recorded, " + arrival.distanceM() + " m from the venue", arrival);
    }

    /** Seed 004 knows no offers: a booking a seat is offered to is still in line to its clients. */
    @GetMapping("/events/{id}/stats")
    Reply<Stats> stats(@PathVariable UUID id, CurrentUser caller) {
        Bookings.EventStats s = bookings.stats(caller, id);
        return new Reply<>("Event statistics", new Stats(id, s.capacity(), s.confirmed(), s.waitlisted() + s.offered(),
                s.cancelled(), s.rsvpCount(), s.arrivalCount(), s.fillRate()));
    }

    /** The gallery as seed 004's {@code photo_gallery}: the photos' URLs, newest first, a page at a time. */
    @GetMapping("/events/{id}/photos")
    Listed<String> photos(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer limit) {
        PageView<PhotoView> gallery = photos.ofEvent(id, V1Events.paging(page, limit));
        return Listed.of(gallery.total() + " photos", gallery,
                gallery.items().stream().map(photo -> V1Events.absolute(photo.url())).toList());
    }

    /** Multipart, field {@code photo} as seed 004's clients send it ({@code file} accepted too). */
    @PostMapping(path = "/events/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Reply<Photo>> upload(@PathVariable UUID id, CurrentUser caller,
            @RequestPart(name = "photo", required = false) @Nullable MultipartFile photo,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file) {
        MultipartFile part = photo != null && !photo.isEmpty() ? photo : file;
        if (part == null || part.isEmpty()) {
            throw InvalidInput.field("photo", "attach an image file as multipart field 'photo'");
        }
        PhotoView stored = photos.upload(caller, id, part.getOriginalFilename(), part.getSize(), part);
        String url = V1Events.absolute(stored.url());
        return ResponseEntity.created(URI.create(url)).body(new Reply<>("Photo uploaded",
                new Photo(stored.id(), url, V1Events.absolute(stored.thumbnailUrl()))));
    }

    // --- reading seed 004's JSON ---

    private Session session(SignedIn signedIn) {
        return new Session(signedIn.accessToken(), signedIn.refreshToken(), "bearer", signedIn.expiresIn(),
                User.of(accounts.profile(signedIn.user().id())));
    }

    /** {@code attendee} (also when left out) or {@code organizer}; {@code admin} is refused by the accounts (403). */
    private static Role role(JsonNode body) {
        String role = string(body, "role");
        if (role.isBlank()) {
            return Role.ATTENDEE;
        }
        try {
            return Role.fromWire(role.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInput.field("role", "must be attendee or organizer");
        }
    }

    private static void object(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidInput.field("body", "must be a JSON object");
        }
    }

    /** The field's text, "" when it is left out (the accounts' own checks then name it as required). */
    private static String string(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw InvalidInput.field(field, "must be a string");
        }
        return value.asString();
    }

    /** The field's number, null when it is left out (the booking module's checks then name it as required). */
    private static @Nullable Double number(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw InvalidInput.field(field, "must be a number (degrees)");
        }
        return value.asDouble();
    }
}
