package io.eventflow.compat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventListing;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.Accounts;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Profile;
import io.eventflow.identity.SignedIn;
import io.eventflow.identity.UserDirectory;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.NotAuthenticated;

/**
 * Seed 001, the "AlphaBet" Django REST service with SimpleJWT, on port 8000:
 * <pre>
 * POST /api/auth/signup/ {username, eamil|email, password} → accounts.signUp, 201 {refresh, access}
 * POST /api/auth/signin/ {username, password}              → accounts.signIn, 200 {refresh, access}
 * GET  /api/events/, POST /api/events/                     → catalog.forEach (streamed) / catalog.create
 * GET, PUT, DELETE /api/event/{id}                         → catalog.viewByNumber / update (merge) / delete
 * GET  /api/search_event/{location}                        → catalog.forEach at that location
 * GET, PUT, DELETE /api/user/{id}                          → accounts.profile / changeNameOrEmail / delete
 * </pre>
 * The tokens are EventFlow's own: a seed 001 client's {@code access} works on {@code /api/v1} too, and on every port.
 * Events are {@code {id, name, starting_time, end_time, location, participants, created_at, updated_at}}, with the
 * event's number as {@code id} and the participants' user numbers — see {@link #participants}. Django's trailing
 * slashes are optional here.
 */
@Hidden
@RestController
@CompatEnabled
@RequestMapping(CompatPaths.PREFIX + "/api")
class AlphabetApi {

    /** Fields a client may write; the README also lists id, participants, created_at, updated_at: EventFlow's own. */
    private static final Set<String> WRITABLE = Set.of("name", "starting_time", "end_time", "location");
    private static final Set<String> IGNORED = Set.of("id", "participants", "created_at", "updated_at");

    private final EventCatalog catalog;
    private final Accounts accounts;
    private final UserDirectory users;
    private final Bookings bookings;
    private final Writers writers;
    private final EventArrays arrays;
    private final CompatProperties properties;

    AlphabetApi(EventCatalog catalog, Accounts accounts, UserDirectory users, Bookings bookings, Writers writers,
            EventArrays arrays, CompatProperties properties) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.users = users;
        this.bookings = bookings;
        this.writers = writers;
        this.arrays = arrays;
        this.properties = properties;
    }

    record Event(long id, String name, Instant startingTime, Instant endTime, @Nullable String location,
            List<Long> participants, Instant createdAt, Instant updatedAt) {

        static Event of(EventView view, List<Long> participants) {
            return new Event(view.number(), view.title(), view.startTime(), view.endTime(), view.location(),
                    participants, view.createdAt(), view.updatedAt());
        }
    }

    record Tokens(String refresh, String access) {

        static Tokens of(SignedIn signedIn) {
            return new Tokens(signedIn.refreshToken(), signedIn.accessToken());
        }
    }

    record User(long id, String username, @Nullable String email, Instant createdAt, Instant updatedAt) {

        static User of(Profile profile) {
            return new User(profile.number(), profile.username(), profile.email(), profile.createdAt(),
                    profile.updatedAt());
        }
    }

    record UserEnvelope(User user) {
    }

    record Message(String message) {
    }

    record Created(String message, Event event) {
    }

    // --- accounts ---

    @PostMapping({ "/auth/signup/", "/auth/signup" })
    ResponseEntity<Tokens> signUp(@RequestBody JsonNode body) {
        String email = body.hasNonNull("email") ? text(body, "email") : text(body, "eamil"); // the README's spelling
        SignedIn signedIn = accounts.signUp(required(body, "username"), email == null ? "" : email,
                required(body, "password"));
        return ResponseEntity.status(201).body(Tokens.of(signedIn));
    }

    @PostMapping({ "/auth/signin/", "/auth/signin" })
    Tokens signIn(@RequestBody JsonNode body) {
        try {
            return Tokens.of(accounts.signIn(required(body, "username"), required(body, "password")));
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_AUTHENTICATED) {
                throw new NotAuthenticated("No active account found with the given credentials"); // SimpleJWT's words
            }
            throw e;
        }
    }

    @GetMapping({ "/user/{id}/", "/user/{id}" })
    UserEnvelope user(@PathVariable String id, @Nullable CurrentUser caller) {
        UUID userId = selfOrAdmin(id, caller, "see");
        return new UserEnvelope(User.of(accounts.profile(userId)));
    }

    @PutMapping({ "/user/{id}/", "/user/{id}" })
    UserEnvelope changeUser(@PathVariable String id, @RequestBody JsonNode body, @Nullable CurrentUser caller) {
        UUID userId = selfOrAdmin(id, caller, "change");
        String username = text(body, "username");
        String email = text(body, "email");
        if (username == null && email == null) {
            throw InvalidInput.field("username", "send username or email (or both) to change");
        }
        String currentPassword = body.hasNonNull("current_password") ? text(body, "current_password")
                : text(body, "password");
        return new UserEnvelope(User.of(accounts.changeNameOrEmail(signedIn(caller), userId, username, email,
                currentPassword)));
    }

    @DeleteMapping({ "/user/{id}/", "/user/{id}" })
    Message deleteUser(@PathVariable String id, @Nullable CurrentUser caller) {
        UUID userId = selfOrAdmin(id, caller, "delete");
        accounts.delete(signedIn(caller), userId);
        return new Message("User " + id + " has been deleted");
    }

    // --- events ---

    @GetMapping({ "/events/", "/events" })
    void events(HttpServletResponse response) throws IOException {
        arrays.write(response, EventListing.all(), view -> Event.of(view, List.of()));
    }

    @PostMapping({ "/events/", "/events" })
    ResponseEntity<Created> create(@RequestBody JsonNode body, @Nullable CurrentUser caller,
            jakarta.servlet.http.HttpServletRequest request) {
        CurrentUser publisher = writers.publisher(signedIn(caller), request);
        EventDraft draft = EventDraft.fresh(properties.timeZone());
        apply(body, draft);
        EventView created = catalog.create(publisher, draft.input());
        return ResponseEntity.created(CompatPaths.link(request, Door.OLD_APIS, "/api/event/" + created.number()))
                .body(new Created("Event created; the details are on their way to " + publisher.username()
                        + " by e-mail", Event.of(created, List.of())));
    }

    @GetMapping({ "/event/{id}/", "/event/{id}" })
    Event event(@PathVariable String id, @Nullable CurrentUser caller) {
        EventView view = catalog.viewByNumber(EventNumbers.parse(id, "id"));
        return Event.of(view, participants(view, caller));
    }

    @PutMapping({ "/event/{id}/", "/event/{id}" })
    Event change(@PathVariable String id, @RequestBody JsonNode body, @Nullable CurrentUser caller) {
        CurrentUser editor = signedIn(caller);
        long number = EventNumbers.parse(id, "id");
        EventDraft draft = EventDraft.of(catalog.viewByNumber(number));
        apply(body, draft);
        EventView updated = catalog.update(editor, catalog.idByNumber(number), draft.input());
        return Event.of(updated, participants(updated, editor));
    }

    @DeleteMapping({ "/event/{id}/", "/event/{id}" })
    Message delete(@PathVariable String id, @Nullable CurrentUser caller) {
        CurrentUser editor = signedIn(caller);
        long number = EventNumbers.parse(id, "id");
        EventView view = catalog.viewByNumber(number);
        catalog.delete(editor, view.id());
        return new Message("Event " + number + " (" + view.title() + ") has been deleted");
    }

    @GetMapping({ "/search_event/{location}/", "/search_event/{location}" })
    void search(@PathVariable String location, HttpServletResponse response) throws IOException {
        arrays.write(response, EventListing.atLocation(location), view -> Event.of(view, List.of()));
    }

    /**
     * Who takes part, as user numbers: the list of confirmed participants is the organizer's (and admins') to see;
     * anyone else sees only themself, if they have a seat. Whole lists leave it empty (a query per event would make a
     * catalog-wide answer cost as many queries as events): {@code GET /api/event/{id}} fills it.
     */
    private List<Long> participants(EventView event, @Nullable CurrentUser caller) {
        if (caller == null) {
            return List.of();
        }
        if (EventPolicy.mayManage(caller, event.organizerId())) {
            Map<UUID, UserDirectory.UserSummary> found = users.findAll(bookings.confirmedParticipants(event.id()));
            return found.values().stream().map(UserDirectory.UserSummary::number).sorted().toList();
        }
        return bookings.hasConfirmedSeat(event.id(), caller.id())
                ? List.of(accounts.profile(caller.id()).number()) : List.of();
    }

    private void apply(JsonNode body, EventDraft draft) {
        if (!body.isObject()) {
            throw InvalidInput.field("body", "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            String field = entry.getKey();
            if (IGNORED.contains(field)) {
                continue; // assigned by EventFlow (participants join by booking), as a DRF read-only field would be
            }
            if (!WRITABLE.contains(field)) {
                throw InvalidInput.field(field, "is not a field of an event; the fields are " + WRITABLE);
            }
            String value = text(body, field);
            switch (field) {
                case "name" -> draft.title = value;
                case "location" -> draft.location = value;
                case "starting_time" -> {
                    if (value == null) {
                        throw InvalidInput.field(field, "is required");
                    }
                    draft.starts(CompatTimes.parse(value, properties.timeZone(), field));
                }
                case "end_time" -> {
                    if (value == null) {
                        throw InvalidInput.field(field, "is required");
                    }
                    draft.ends(CompatTimes.parse(value, properties.timeZone(), field));
                }
                default -> throw new IllegalStateException(field);
            }
        }
    }

    private UUID selfOrAdmin(String number, @Nullable CurrentUser caller, String action) {
        CurrentUser user = signedIn(caller);
        UUID target = accounts.idByNumber(EventNumbers.parse(number, "id"));
        if (!user.isSelfOrAdmin(target)) {
            throw new NotAllowed("You may " + action + " only your own account");
        }
        return target;
    }

    private static CurrentUser signedIn(@Nullable CurrentUser caller) {
        if (caller == null) {
            throw new NotAuthenticated("Authentication credentials were not provided."); // DRF's words
        }
        return caller;
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
            throw InvalidInput.field(field, "This field is required.");
        }
        return value;
    }
}
