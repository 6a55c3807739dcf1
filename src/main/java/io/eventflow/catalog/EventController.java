package io.eventflow.catalog;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.LongPredicate;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.catalog.EventDtos.BatchRequest;
import io.eventflow.catalog.EventDtos.BatchView;


import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.calendar.ICalendar;
import io.eventflow.platform.web.ApiException;
import io.eventflow.platform.web.Conditional;
import io.eventflow.platform.web.Conditional.Validators;
import io.eventflow.platform.web.PublicUrl;
import io.eventflow.platform.paging.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Events", description = "The catalog: publish, change, search and find events nearby")
class EventController {

    static final String NOT_MODIFIED = "Not modified: If-None-Match names the current ETag (or If-Modified-Since is not "
            + "before the last change, where the answer has a Last-Modified); no body, the same ETag and caching headers";
    static final String IF_NONE_MATCH = "ETags of the copy the client holds (W/ tags and lists accepted, weak "
            + "comparison; * matches any): 304 if one is current";
    static final String IF_MODIFIED_SINCE = "HTTP date of the client's copy: 304 if the event has not changed since "
            + "(ignored when If-None-Match is sent)";
    static final String IF_MATCH = "The ETag of the event as the client read it: the change is made only if the event "
            + "is still at that version (strong comparison, * for any); 412 otherwise";
    static final String PRECONDITION_FAILED = "If-Match names no current version of the event: it changed since the "
            + "client read it; nothing was changed";

    private final EventService events;

    private final PublicUrl publicUrl;

    private final Conditional conditional;

    EventController(EventService events, PublicUrl publicUrl, Conditional conditional) {
        this.publicUrl = publicUrl;
        this.events = events;
        this.conditional = conditional;
    }

    @GetMapping("/api/v1/events")
    @Operation(summary = "Search events", description = "All filters combine with AND. Lists are paginated "
            + "({items, page, size, total}); size is capped at 100. ETag over the answer: If-None-Match with it gives "
            + "304 while neither the matches nor any of their fields changed.",
            parameters = @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = IF_NONE_MATCH, schema = @Schema(type = "string")),
            responses = {@ApiResponse(responseCode = "200", description = "The page of matches", useReturnTypeSchema = true),
                    @ApiResponse(responseCode = "304", description = NOT_MODIFIED, content = @Content)})
    ResponseEntity<PageView<EventView>> search(@RequestHeader HttpHeaders headers,
            @Parameter(description = "Words that must all appear in title, description or location (case-insensitive, parts of words match)") @RequestParam(required = false) String q,
            @Parameter(description = "Part of the location, case-insensitive") @RequestParam(required = false) String location,
            @RequestParam(required = false) String category,
            @RequestParam(name = "organizer_id", required = false) String organizerId,
            @Parameter(description = "Events starting at or after this instant") @RequestParam(required = false) String from,
            @Parameter(description = "Events starting at or before this instant") @RequestParam(required = false) String to,
            @Parameter(description = "latitude,longitude: only events within radius_km, with distance_km") @RequestParam(required = false) String near,
            @Parameter(description = "Radius for near, km (default 10, at most 1000)") @RequestParam(name = "radius_km", required = false) Double radiusKm,
            @Parameter(description = "field:value, exact and case-insensitive; fields: category, location, organizer_id, status, currency, timezone; repeatable") @RequestParam(required = false) List<String> where,
            @Parameter(description = "Comma-separated keys of start_time, created_at, popularity, title, price, distance; - for descending") @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @Parameter(description = "Events priced at most this (in their own currency); events without a price count as 0") @RequestParam(name = "max_price", required = false) String maxPrice,
            @Parameter(description = "true: only events without a price or priced 0") @RequestParam(required = false) Boolean free) {
        PageView<EventView> found = events.search(new EventSearchRequest(q, location, category, organizerId, from, to,
                near, radiusKm, where, sort, page, size, maxPrice, free));
        return Conditional.answer(headers, Validators.shared(conditional.bodyTag(found)), () -> found);
    }

    @PostMapping(path = "/api/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Publish an event (organizer, admin)")
    ResponseEntity<EventView> create(CurrentUser user, @Valid @RequestBody EventInput input) {
        EventView event = events.create(user, input);
        return ResponseEntity.created(URI.create("/api/v1/events/" + event.id())).body(event);
    }

    @PostMapping(path = "/api/v1/events/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Publish up to 1000 events at once (organizer, admin)",
            description = "All or nothing: if one item is invalid, none is stored and the errors name its index.")
    BatchView createBatch(CurrentUser user, @Valid @RequestBody BatchRequest request) {
        return new BatchView(events.createBatch(user, request.events()));
    }

    @GetMapping("/api/v1/events/{id}")
    @Operation(summary = "An event (anyone)", description = "Strong ETag from the event's version, seats taken and "
            + "popularity: If-None-Match with it gives 304 without the event being read again; the ETag also serves "
            + "as If-Match for PUT and PATCH. The same for every caller (Cache-Control: public, no-cache).",
            parameters = @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = IF_NONE_MATCH, schema = @Schema(type = "string")),
            responses = {@ApiResponse(responseCode = "200", description = "The event", useReturnTypeSchema = true),
                    @ApiResponse(responseCode = "304", description = NOT_MODIFIED, content = @Content)})
    ResponseEntity<EventView> get(@PathVariable UUID id, @RequestHeader HttpHeaders headers) {
        if (headers.containsHeader(HttpHeaders.IF_NONE_MATCH) || headers.containsHeader(HttpHeaders.IF_MATCH)) {
            // three numbers through the primary key decide a revalidation: the row's text is read only for a 200
            EventRevision revision = events.revision(id).orElseThrow(() -> new EventNotFound(id));
            Validators current = Validators.shared(EventTags.of(revision));
            if (Conditional.notModified(headers, current)) {
                return Conditional.notModified(current);
            }
        }
        EventView event = events.view(id);
        // the tag of what is sent: the event may have changed since the revision above was read
        Validators validators = Validators.shared(EventTags.of(event));
        Conditional.notModified(headers, validators); // an If-Match the row no longer meets is refused here (412)
        return Conditional.ok(validators, event);
    }

    /**
     * No {@code produces} on the mapping: with one, a request that does not accept {@code text/calendar} fell through
     * to {@link #get} and was told its id ("….ics") is not a UUID. The content negotiation is done here instead.
     */
    @GetMapping("/api/v1/events/{id}.ics")
    @Operation(summary = "The event as an iCalendar file", description = "UID is stable and SEQUENCE grows with each change, "
            + "so importing it again updates the calendar entry. ETag and Last-Modified: If-None-Match or "
            + "If-Modified-Since give 304 while the event is unchanged.",
            parameters = {@Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = IF_NONE_MATCH, schema = @Schema(type = "string")),
                    @Parameter(in = ParameterIn.HEADER, name = "If-Modified-Since", description = IF_MODIFIED_SINCE, schema = @Schema(type = "string"))},
            responses = {@ApiResponse(responseCode = "200", content = @Content(mediaType = "text/calendar")),
                    @ApiResponse(responseCode = "304", description = NOT_MODIFIED, content = @Content)})
    ResponseEntity<String> calendar(@PathVariable UUID id, @RequestHeader HttpHeaders headers) throws HttpMediaTypeNotAcceptableException {
        MediaType calendar = MediaType.parseMediaType("text/calendar");
        List<MediaType> accepted;
        try {
            accepted = headers.getAccept();
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException(e.getMessage()); // as Spring MVC answers an unreadable Accept
        }
        if (!accepted.isEmpty() && accepted.stream().noneMatch(calendar::isCompatibleWith)) {
            throw new HttpMediaTypeNotAcceptableException(List.of(calendar));
        }
        EventSnapshot event = events.find(id).orElseThrow(() -> new EventNotFound(id));
        String link = publicUrl.of("/events/" + id);
        // Everything in the file moves the version and updated_at (no seat counts in it), so here, unlike the JSON,
        // Last-Modified is exact and If-Modified-Since can be honoured. The link inside is built from this request's
        // Host: no shared cache may hand it to anyone else.
        Validators validators = new Validators(EventTags.calendar(event.version(), link), event.updatedAt(),
                Conditional.PRIVATE, List.of());
        if (Conditional.notModified(headers, validators)) {
            return Conditional.notModified(validators);
        }
        String ics = ICalendar.of(new ICalendar.Entry(event.id(), event.version(), event.title(), event.description(),
                event.startTime(), event.endTime(), event.location(), event.latitude(), event.longitude(), link,
                event.status() == EventStatus.CANCELLED), event.updatedAt(), false);
        return ResponseEntity.ok()
                .eTag(validators.etag())
                .lastModified(event.updatedAt())
                .cacheControl(validators.cacheControl())
                .contentType(MediaType.parseMediaType("text/calendar; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"event-" + id + ".ics\"")
                .body(ics);
    }

    @PutMapping(path = "/api/v1/events/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace an event (its organizer, admin)", description = "409 once the event has started or if "
            + "version is stale. If-Match with the event's ETag (from a read) makes the change conditional on its "
            + "version: 412 when the event was changed since. The answer carries the new ETag.",
            parameters = @Parameter(in = ParameterIn.HEADER, name = "If-Match", description = IF_MATCH, schema = @Schema(type = "string")),
            responses = {@ApiResponse(responseCode = "200", description = "The changed event", useReturnTypeSchema = true),
                    @ApiResponse(responseCode = "412", description = PRECONDITION_FAILED,
                            content = @Content(mediaType = "application/problem+json"))})
    ResponseEntity<EventView> replace(CurrentUser user, @PathVariable UUID id, @RequestHeader HttpHeaders headers,
            @Valid @RequestBody EventInput input) {
        LongPredicate versionMatch = EventTags.ifMatch(headers);
        return changed(versionMatch, () -> events.update(user, id, input, versionMatch));
    }

    @PatchMapping(path = "/api/v1/events/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change some fields of an event (its organizer, admin)",
            description = "JSON merge patch: fields sent replace the current ones, null clears an optional field. "
                    + "If-Match as for PUT.",
            parameters = @Parameter(in = ParameterIn.HEADER, name = "If-Match", description = IF_MATCH, schema = @Schema(type = "string")),
            responses = {@ApiResponse(responseCode = "200", description = "The changed event", useReturnTypeSchema = true),
                    @ApiResponse(responseCode = "412", description = PRECONDITION_FAILED,
                            content = @Content(mediaType = "application/problem+json"))})
    ResponseEntity<EventView> patch(CurrentUser user, @PathVariable UUID id, @RequestHeader HttpHeaders headers,
            @RequestBody JsonNode patch) {
        LongPredicate versionMatch = EventTags.ifMatch(headers);
        return changed(versionMatch, () -> events.patch(user, id, patch, versionMatch));
    }

    /**
     * A change under an {@code If-Match} that does not hold is a 412, whether the version differed when the event was
     * read or a concurrent change committed between that read and the write (the optimistic lock's refusal).
     */
    private static ResponseEntity<EventView> changed(@Nullable LongPredicate versionMatch,
            java.util.function.Supplier<EventView> change) {
        EventView changed;
        try {
            changed = change.get();
        } catch (EventVersionMismatch | OptimisticLockingFailureException stale) {
            if (versionMatch == null) {
                throw stale; // without a condition: the 409 of a concurrent change, as before
            }
            throw new ApiException.PreconditionFailed("If-Match names no current version of the event: it was "
                    + "changed meanwhile. Read it again (its ETag) and apply your change to what it is now");
        }
        return ResponseEntity.ok().eTag(EventTags.of(changed)).body(changed);
    }

    @DeleteMapping("/api/v1/events/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable UUID id) {
        events.delete(user, id);
    }

    @GetMapping("/api/v1/organizer/events")
    @Operation(summary = "The caller's own events (organizer, admin)", description = "ETag over the answer, as for "
            + "the search; the answer is the caller's (Cache-Control: private, Vary: Authorization).",
            parameters = @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = IF_NONE_MATCH, schema = @Schema(type = "string")),
            responses = {@ApiResponse(responseCode = "200", description = "The page of the caller's events",
                    useReturnTypeSchema = true),
                    @ApiResponse(responseCode = "304", description = NOT_MODIFIED, content = @Content)})
    ResponseEntity<PageView<EventView>> mine(CurrentUser user, @RequestHeader HttpHeaders headers,
            @RequestParam(required = false) String sort, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        EventPolicy.requirePublisher(user);
        PageView<EventView> own = events.search(new EventSearchRequest(null, null, null, user.id().toString(), null, null,
                null, null, null, sort, page, size));
        return Conditional.answer(headers, Validators.perCaller(conditional.bodyTag(own)), () -> own);
    }
}
