package io.eventflow.catalog;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.web.PublicUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Event series", description = "Recurring events: an RFC 5545 rule whose occurrences are real events")
class SeriesController {

    private final SeriesService series;
    private final PublicUrl publicUrl;

    SeriesController(SeriesService series, PublicUrl publicUrl) {
        this.series = series;
        this.publicUrl = publicUrl;
    }

    @PostMapping(path = "/api/v1/event-series", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a recurring event (organizer, admin)", description = "Creates the occurrences as "
            + "events in one transaction: at most eventflow.catalog.series.max-occurrences ahead and within the "
            + "horizon; later ones are created as time moves on. 400 for a malformed rule, 422 for one that gives no "
            + "occurrence or repeats more often than daily.")
    ResponseEntity<SeriesView> create(CurrentUser user, @Valid @RequestBody SeriesInput input) {
        SeriesView created = series.create(user, input);
        return ResponseEntity.created(URI.create("/api/v1/event-series/" + created.id())).body(created);
    }

    @GetMapping("/api/v1/event-series/{id}")
    @Operation(summary = "A series with a page of its occurrences")
    SeriesView get(@PathVariable UUID id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return series.view(id, page, size);
    }

    @PatchMapping(path = "/api/v1/event-series/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change this occurrence and the following ones (its organizer, admin)", description = "JSON "
            + "merge patch of the series' fields (those of SeriesInput). Applies from occurrence `from` on (default: the "
            + "first that has not started); earlier occurrences stay in this series and the changed ones move to a "
            + "new series, which is returned. Occurrences keep their bookings while the rule still has a start on "
            + "their day; participants are told of changes as for an event's change. 409 if `from` has started.")
    SeriesView change(CurrentUser user, @PathVariable UUID id,
            @Parameter(description = "The occurrence (event id) from which on the change applies")
            @RequestParam(required = false) @Nullable UUID from, @RequestBody JsonNode patch) {
        return series.change(user, id, from, patch);
    }

    @DeleteMapping("/api/v1/event-series/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete the series, or this occurrence and the following ones (its organizer, admin)",
            description = "Deleted occurrences' bookings are cancelled and their participants told.")
    void delete(CurrentUser user, @PathVariable UUID id,
            @Parameter(description = "Delete from this occurrence (event id) on; the earlier ones stay")
            @RequestParam(required = false) @Nullable UUID from) {
        series.delete(user, id, from);
    }

    @GetMapping("/api/v1/event-series/{id}.ics")
    @Operation(summary = "The series as an iCalendar file", description = "One VEVENT with RRULE and EXDATE in the "
            + "series' zone (VTIMEZONE), and a VEVENT with RECURRENCE-ID for each occurrence changed on its own.",
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/calendar")))
    ResponseEntity<String> calendar(@PathVariable UUID id, @RequestHeader HttpHeaders headers)
            throws HttpMediaTypeNotAcceptableException {
        MediaType calendar = MediaType.parseMediaType("text/calendar");
        List<MediaType> accepted;
        try {
            accepted = headers.getAccept();
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException(e.getMessage());
        }
        if (!accepted.isEmpty() && accepted.stream().noneMatch(calendar::isCompatibleWith)) {
            throw new HttpMediaTypeNotAcceptableException(List.of(calendar));
        }
        String ics = series.calendar(id, event -> publicUrl.of("/events/" + event),
                publicUrl.of("/api/v1/event-series/" + id));
        return ResponseEntity.ok()
                .cacheControl(org.springframework.http.CacheControl.noCache().cachePrivate())
                .contentType(MediaType.parseMediaType("text/calendar; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"series-" + id + ".ics\"")
                .body(ics);
    }
}
