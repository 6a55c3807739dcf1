package io.eventflow.booking;

import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.eventflow.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The attendee list as a download, streamed: the right to it is checked before the first byte goes out. */
@RestController
@Tag(name = "Bookings")
class AttendeeExportController {

    private static final String COLUMNS = "Columns: name, email (only where the attendee lets organizers see it, "
            + "else empty), status (confirmed|waitlisted), waitlist_position, checked_in_at. Confirmed seats first in "
            + "booking order, then the waiting list in its order. Its organizer or an admin only.";

    private final Bookings bookings;

    AttendeeExportController(Bookings bookings) {
        this.bookings = bookings;
    }

    @GetMapping(path = "/api/v1/events/{id}/attendees.csv")
    @Operation(summary = "Export the attendee list as CSV", description = COLUMNS + " RFC 4180, UTF-8; a cell that "
            + "would start with = + - @ is prefixed with an apostrophe, so spreadsheets show it as text.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ResponseEntity<StreamingResponseBody> csv(CurrentUser user, @PathVariable UUID id) {
        return download(bookings.attendeeExport(user, id, AttendeeExport.Format.CSV));
    }

    @GetMapping(path = "/api/v1/events/{id}/attendees.xlsx")
    @Operation(summary = "Export the attendee list as an Excel workbook (.xlsx)", description = COLUMNS)
    @ApiResponse(responseCode = "200", content = @Content(
            mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<StreamingResponseBody> xlsx(CurrentUser user, @PathVariable UUID id) {
        return download(bookings.attendeeExport(user, id, AttendeeExport.Format.XLSX));
    }

    static ResponseEntity<StreamingResponseBody> download(AttendeeExport export) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(export.format().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(export.filename()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store") // personal data
                .body(export::writeTo);
    }
}
