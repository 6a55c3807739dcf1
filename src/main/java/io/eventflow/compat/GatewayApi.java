package io.eventflow.compat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

import io.eventflow.booking.BookingStatus;
import io.eventflow.booking.BookingView;
import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.Accounts;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Profile;
import io.eventflow.identity.Role;
import io.eventflow.identity.SignedIn;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserNotFound;
import io.eventflow.notification.Notifications;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAuthenticated;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * Seed 003, the FastAPI microservices behind an API gateway on port 8080, at the root of EventFlow's own port
 * ({@link GatewayRouting} sends API clients here and browsers to the web UI):
 * <pre>
 * POST /auth/register {username, email, password}  → accounts.register (an attendee), 201 {id, username, email, ...}
 * POST /auth/login (form data)                     → accounts.signIn, {access_token, token_type: "bearer", ...}
 * GET  /auth/validate, GET /users/me               → accounts.profile of the token's user
 * GET  /events?name=&amp;location=&amp;...                → catalog.forEach(search), streamed; POST /events → catalog.create
 * GET, PUT (the fields sent), DELETE /events/{id}  → catalog.view / update / delete
 * POST /bookings {event_id}                        → bookings.book, 201 confirmed or waitlisted
 * GET  /users/{id}/bookings, /bookings/user/{id}   → bookings.ofUser (the user or an admin)
 * GET  /events/{id}/bookings                       → bookings.ofEvent (its organizer or an admin)
 * GET  /notifications/status/{id}                  → notifications.status (its user or an admin)
 * </pre>
 * Ids are EventFlow's UUIDs and tokens its own: what a client reads here works on {@code /api/v1} and back. Unknown
 * fields in a body are ignored, as the seed's Pydantic models did; a known field of the wrong type is refused. Every
 * write needs a token — this door has no anonymous writes ({@link Writers} still makes a publishing attendee an
 * organizer, as seed 003 let anyone signed in create events).
 */
@Hidden
@RestController
@CompatEnabled
@RequestMapping(CompatPaths.GATEWAY_PREFIX)
class GatewayApi {

    private final EventCatalog catalog;
    private final Accounts accounts;
    private final UserDirectory users;
    private final Bookings bookings;
    private final Notifications notifications;
    private final Writers writers;
    private final EventArrays arrays;
    private final CompatProperties properties;

    GatewayApi(EventCatalog catalog, Accounts accounts, UserDirectory users, Bookings bookings,
            Notifications notifications, Writers writers, EventArrays arrays, CompatProperties properties) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.users = users;
        this.bookings = bookings;
        this.notifications = notifications;
        this.writers = writers;
        this.arrays = arrays;
        this.properties = properties;
    }

    record User(UUID id, String username, @Nullable String email, Role role, Instant createdAt) {

        static User of(Profile profile) {
            return new User(profile.id(), profile.username(), profile.email(), profile.role(), profile.createdAt());
        }
    }

    /** The README's pair, and EventFlow's refresh token with the access token's lifetime, for clients that want them. */
    record Token(String accessToken, String tokenType, String refreshToken, long expiresIn) {

        static Token of(SignedIn signedIn) {
            return new Token(signedIn.accessToken(), "bearer", signedIn.refreshToken(), signedIn.expiresIn());
        }
    }

    /**
     * An event as the README lists it, {@code title} next to {@code name} (the seed's own services used both).
     * {@code price} is a float as in the README: an event without a price is free, 0.0; {@code capacity} null means
     * unlimited.
     */
    record Event(UUID id, String name, String title, @Nullable String description, Instant startTime, Instant endTime,
            @Nullable String location, @Nullable Integer capacity, double price, UUID organizerId) {

        static Event of(EventView view) {
            return new Event(view.id(), view.title(), view.title(), view.description(), view.startTime(),
                    view.endTime(), view.location(), view.capacity(),
                    view.price() == null ? 0.0 : view.price().doubleValue(), view.organizerId());
        }
    }

    record Booking(UUID bookingId, UUID eventId, UUID userId, String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer waitlistPosition, Instant createdAt) {

        /** Seed 003 knows no offers: a booking a seat is offered to shows as still waiting, as it is until accepted. */
        static Booking of(BookingView view) {
            String status = view.status() == BookingStatus.OFFERED ? BookingStatus.WAITLISTED.wireName() : view.status().wireName();
            return new Booking(view.id(), view.eventId(), view.userId(), status,
                    view.waitlistPosition(), view.createdAt());
        }
    }

    record NotificationStatus(UUID notificationId, String status, String details) {

        /** {@code details} is a string in the README: the last failure's reason, or what was sent how and when. */
        static NotificationStatus of(Notifications.DeliveryStatus status) {
            String details = status.details() != null ? status.details()
                    : status.type() + " via " + status.channel()
                            + (status.sentAt() != null ? ", sent " + status.sentAt() : ", " + status.attempts()
                                    + " attempt(s) so far");
            return new NotificationStatus(status.notificationId(), status.status(), details);
        }
    }

    record Message(String message) {
    }

    // --- accounts ---

    @PostMapping("/auth/register")
    ResponseEntity<User> register(@RequestBody JsonNode body) {
        requireObject(body);
        CurrentUser user = accounts.register(required(body, "username"), required(body, "email"),
                required(body, "password"), Role.ATTENDEE);
        return ResponseEntity.status(HttpStatus.CREATED).body(User.of(accounts.profile(user.id())));
    }

    /** Form data, as the README says (FastAPI's OAuth2 password form); {@code username} may be the e-mail address. */
    @PostMapping(path = "/auth/login",
            consumes = { MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE })
    Token login(@RequestParam(required = false) @Nullable String username,
            @RequestParam(required = false) @Nullable String password) {
        if (username == null || username.isBlank()) {
            throw InvalidInput.field("username", "is required");
        }
        if (password == null || password.isEmpty()) {
            throw InvalidInput.field("password", "is required");
        }
        return Token.of(accounts.signIn(username, password));
    }

    /** Any other body — JSON above all, the README's own warning — is refused before anything is read. */
    @PostMapping("/auth/login")
    Token loginWithoutForm() {
        throw new FormOnly();
    }

    @GetMapping("/auth/validate")
    User validate(@Nullable CurrentUser caller) {
        return User.of(accounts.profile(signedIn(caller).id()));
    }

    @GetMapping("/users/me")
    User me(@Nullable CurrentUser caller) {
        return User.of(accounts.profile(signedIn(caller).id()));
    }

    // --- events ---

    /**
     * Every matching event, streamed ({@link EventArrays}): the seed listed all of them in one array. {@code name}
     * is searched as words, as EventFlow's {@code q} (title, description, place); {@code location} is a part of the
     * place; the rest are EventFlow's own filters.
     */
    @GetMapping("/events")
    void events(@RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String location,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(name = "max_price", required = false) @Nullable String maxPrice,
            @RequestParam(required = false) @Nullable Boolean free, HttpServletResponse response) throws IOException {
        String words = q == null || q.isBlank() ? name : name == null || name.isBlank() ? q : q + " " + name;
        arrays.write(response, new EventSearchRequest(words, location, category, null, from, to, null, null, null,
                null, null, null, maxPrice, free), Event::of);
    }

    @PostMapping("/events")
    ResponseEntity<Event> create(@RequestBody JsonNode body, @Nullable CurrentUser caller,
            HttpServletRequest request) {
        CurrentUser publisher = writers.publisher(signedIn(caller), request);
        EventDraft draft = EventDraft.fresh(properties.timeZone());
        apply(body, draft);
        EventView created = catalog.create(publisher, draft.input());
        return ResponseEntity.created(CompatPaths.link(request, Door.GATEWAY, "/events/" + created.id()))
                .body(Event.of(created));
    }

    @GetMapping("/events/{id}")
    Event event(@PathVariable String id) {
        return Event.of(catalog.view(uuid(id, "id")));
    }

    /** Only the fields sent change; the rest stay as they are (and a change made meanwhile is a 409, not lost). */
    @PutMapping("/events/{id}")
    Event change(@PathVariable String id, @RequestBody JsonNode body, @Nullable CurrentUser caller) {
        CurrentUser editor = signedIn(caller);
        UUID eventId = uuid(id, "id");
        EventDraft draft = EventDraft.of(catalog.view(eventId));
        apply(body, draft);
        return Event.of(catalog.update(editor, eventId, draft.input()));
    }

    @DeleteMapping("/events/{id}")
    Message delete(@PathVariable String id, @Nullable CurrentUser caller) {
        CurrentUser editor = signedIn(caller);
        UUID eventId = uuid(id, "id");
        catalog.delete(editor, eventId);
        return new Message("Event " + eventId + " deleted");
    }

    // --- bookings ---

    @PostMapping("/bookings")
    ResponseEntity<Booking> book(@RequestBody JsonNode body, @Nullable CurrentUser caller) {
        CurrentUser user = signedIn(caller);
        requireObject(body);
        UUID eventId = uuid(required(body, "event_id"), "event_id");
        BookingView booking = bookings.book(user, eventId);
        return ResponseEntity.created(URI.create("/api/v1/bookings/" + booking.id())).body(Booking.of(booking));
    }

    /** The README's path. */
    @GetMapping("/users/{id}/bookings")
    ResponseEntity<List<Booking>> ofUser(@PathVariable String id, @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size, @Nullable CurrentUser caller) {
        CurrentUser actor = signedIn(caller);
        UUID userId = uuid(id, "id");
        PageView<BookingView> found = bookings.ofUser(actor, userId, paging(page, size)); // the user or an admin
        if (found.items().isEmpty() && users.find(userId).isEmpty()) {
            throw new UserNotFound(userId); // only an admin gets this far for someone else
        }
        return list(found);
    }

    /** The path the seed's own front end and test scripts used. */
    @GetMapping("/bookings/user/{id}")
    ResponseEntity<List<Booking>> ofUserToo(@PathVariable String id,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size, @Nullable CurrentUser caller) {
        return ofUser(id, page, size, caller);
    }

    @GetMapping("/events/{id}/bookings")
    ResponseEntity<List<Booking>> ofEvent(@PathVariable String id,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size, @Nullable CurrentUser caller) {
        CurrentUser actor = signedIn(caller);
        return list(bookings.ofEvent(actor, uuid(id, "id"), paging(page, size)));
    }

    // --- notifications ---

    @GetMapping("/notifications/status/{id}")
    NotificationStatus notificationStatus(@PathVariable String id, @Nullable CurrentUser caller) {
        CurrentUser user = signedIn(caller);
        return NotificationStatus.of(notifications.status(user, uuid(id, "id")));
    }

    // --- translation ---

    /**
     * A page of EventFlow's as the bare array the seed answered, {@link Paging#MAX_SIZE} at a time unless asked for
     * less; {@code X-Total-Count} says how many there are, and {@code page} reaches the rest.
     */
    private static ResponseEntity<List<Booking>> list(PageView<BookingView> page) {
        return ResponseEntity.ok().header("X-Total-Count", Long.toString(page.total()))
                .body(page.items().stream().map(Booking::of).toList());
    }

    private static Paging paging(@Nullable Integer page, @Nullable Integer size) {
        return Paging.of(page, size == null ? Paging.MAX_SIZE : size);
    }

    /** Merges the README's fields that were sent into the draft; others are ignored, as Pydantic ignores them. */
    private void apply(JsonNode body, EventDraft draft) {
        requireObject(body);
        String name = text(body, "name");
        String title = text(body, "title");
        if (name != null && title != null && !name.equals(title)) {
            throw InvalidInput.field("name", "and title name the same thing: send one, or both alike");
        }
        if (body.has("name") || body.has("title")) {
            draft.title = name != null ? name : title;
        }
        if (body.has("description")) {
            draft.description = text(body, "description");
        }
        if (body.has("location")) {
            draft.location = text(body, "location");
        }
        if (body.has("start_time")) {
            draft.starts(CompatTimes.parse(required(body, "start_time"), properties.timeZone(), "start_time"));
        }
        if (body.has("end_time")) {
            draft.ends(CompatTimes.parse(required(body, "end_time"), properties.timeZone(), "end_time"));
        }
        if (body.has("capacity")) {
            JsonNode capacity = body.get("capacity");
            if (!capacity.isNull() && !(capacity.isIntegralNumber() && capacity.canConvertToInt())) {
                throw InvalidInput.field("capacity", "must be a whole number (or null: unlimited)");
            }
            draft.capacity = capacity.isNull() ? null : capacity.asInt();
        }
        if (body.has("price")) {
            draft.price = price(body.get("price"));
        }
    }

    /** The exact decimal the client wrote ({@code 19.99}, not the binary double), for the catalog to check. */
    private static @Nullable BigDecimal price(JsonNode price) {
        if (price.isNull()) {
            return null;
        }
        if (!price.isNumber()) {
            throw InvalidInput.field("price", "must be a number (e.g. 19.99)");
        }
        try {
            return price.decimalValue();
        } catch (NumberFormatException tooLarge) { // 1e400 parses as an infinite double
            throw InvalidInput.field("price", "must be a number (e.g. 19.99)");
        }
    }

    private static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidInput.field("body", "must be a JSON object");
        }
    }

    private static @Nullable String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw InvalidInput.field(field, "must be a string");
        }
        return value.asString();
    }

    private static String required(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw InvalidInput.field(field, "is required");
        }
        return value;
    }

    private static UUID uuid(String value, String field) {
        try {
            UUID parsed = UUID.fromString(value.trim());
            // fromString also takes shortened forms such as 1-2-3-4-5: only the canonical one is an id
            if (parsed.toString().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw InvalidInput.field(field, "must be a UUID, e.g. 0190c6a2-7d4e-7b3a-9f1e-2a3b4c5d6e7f");
    }

    private static CurrentUser signedIn(@Nullable CurrentUser caller) {
        if (caller == null) {
            throw new NotAuthenticated("Not authenticated: send 'Authorization: Bearer <access_token>' (from POST "
                    + "/auth/login)");
        }
        return caller;
    }

    /** 415 with the way to do it: the README's login takes form data, never JSON. */
    static final class FormOnly extends DomainException {

        FormOnly() {
            super(Kind.UNSUPPORTED_CONTENT, "Log in with form data (application/x-www-form-urlencoded: "
                    + "username=...&password=...), not JSON");
        }
    }
}
