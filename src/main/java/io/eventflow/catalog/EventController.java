package io.eventflow.catalog;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

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
import io.eventflow.platform.web.PublicUrl;
import io.eventflow.platform.paging.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Events", description = "The catalog: publish, change, search and find events nearby")
class EventController {

    private final EventService events;

    private final PublicUrl publicUrl;

    EventController(EventService events, PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
        this.events = events;
    }

    @GetMapping("/api/v1/events")
    @Operation(summary = "Search events", description = "All filters combine with AND. Lists are paginated "
            + "({items, page, size, total}); size is capped at 100.")
    PageView<EventView> search(
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
        return events.search(new EventSearchRequest(q, location, category, organizerId, from, to, near, radiusKm, where,
                sort, page, size, maxPrice, free));
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
    EventView get(@PathVariable UUID id) {
        return events.view(id);
    }

    /**
     * No {@code produces} on the mapping: with one, a request that does not accept {@code text/calendar} fell through
     * to {@link #get} and was told its id ("….ics") is not a UUID. The content negotiation is done here instead.
     */
    @GetMapping("/api/v1/events/{id}.ics")
    @Operation(summary = "The event as an iCalendar file", description = "UID is stable and SEQUENCE grows with each change, "
            + "so importing it again updates the calendar entry.",
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/calendar")))
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
        String ics = ICalendar.of(new ICalendar.Entry(event.id(), event.version(), event.title(), event.description(),
                event.startTime(), event.endTime(), event.location(), event.latitude(), event.longitude(), link,
                event.status() == EventStatus.CANCELLED), event.updatedAt(), false);
        return ResponseEntity.ok()
                // the link inside is built from this request's Host: no shared cache may hand it to anyone else
                .cacheControl(org.springframework.http.CacheControl.noCache().cachePrivate())
                .contentType(MediaType.parseMediaType("text/calendar; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"event-" + id + ".ics\"")
                .body(ics);
    }

    @PutMapping(path = "/api/v1/events/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace an event (its organizer, admin)", description = "409 once the event has started or if version is stale.")
    EventView replace(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody EventInput input) {
        return events.update(user, id, input);
    }

    @PatchMapping(path = "/api/v1/events/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change some fields of an event (its organizer, admin)",
            description = "JSON merge patch: fields sent replace the current ones, null clears an optional field.")
    EventView patch(CurrentUser user, @PathVariable UUID id, @RequestBody JsonNode patch) {
        return events.patch(user, id, patch);
    }

    @DeleteMapping("/api/v1/events/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable UUID id) {
        events.delete(user, id);
    }

    @GetMapping("/api/v1/organizer/events")
    @Operation(summary = "The caller's own events (organizer, admin)")
    PageView<EventView> mine(CurrentUser user, @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        EventPolicy.requirePublisher(user);
        return events.search(new EventSearchRequest(null, null, null, user.id().toString(), null, null, null, null, null,
                sort, page, size));
    }
}
