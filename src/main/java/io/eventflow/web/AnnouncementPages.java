package io.eventflow.web;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.eventflow.announcement.Announcements;
import io.eventflow.booking.AttendeeExport;
import io.eventflow.booking.Bookings;
import io.eventflow.platform.domain.DomainException;

/**
 * The organizer's side of talking to attendees in the browser: sending an announcement from the attendees page, and
 * downloading the attendee list. The same rules as the API, decided by the same modules.
 */
@Controller
class AnnouncementPages {

    private final Announcements announcements;
    private final Bookings bookings;
    private final PageTexts texts;

    AnnouncementPages(Announcements announcements, Bookings bookings, PageTexts texts) {
        this.texts = texts;
        this.announcements = announcements;
        this.bookings = bookings;
    }

    /** Post/redirect/get; a refusal of the input or of the rate comes back to the form with what was typed. */
    @PostMapping("/events/{id}/announcements")
    String send(@PathVariable UUID id, @RequestParam(required = false) @Nullable String subject,
            @RequestParam(required = false) @Nullable String body, @RequestParam(required = false) @Nullable String audience,
            RedirectAttributes redirect) {
        try {
            announcements.send(CurrentUsers.required(), id, new Announcements.AnnouncementRequest(
                    subject == null ? "" : subject, body == null ? "" : body, audience));
            redirect.addFlashAttribute("notice", texts.text("attendees.announcement.sent"));
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.INVALID_INPUT && e.kind() != DomainException.Kind.TOO_MANY_ATTEMPTS) {
                throw e;
            }
            StringBuilder problem = new StringBuilder(e.getMessage());
            e.errors().forEach(p -> problem.append(problem.length() > 0 ? "; " : "").append(p.field()).append(' ').append(p.message()));
            redirect.addFlashAttribute("announcementProblem", problem.toString());
            redirect.addFlashAttribute("draftSubject", subject);
            redirect.addFlashAttribute("draftBody", body);
        }
        return "redirect:/events/" + id + "/attendees#announce";
    }

    @GetMapping("/events/{id}/attendees.csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable UUID id) {
        return download(bookings.attendeeExport(CurrentUsers.required(), id, AttendeeExport.Format.CSV));
    }

    @GetMapping("/events/{id}/attendees.xlsx")
    ResponseEntity<StreamingResponseBody> xlsx(@PathVariable UUID id) {
        return download(bookings.attendeeExport(CurrentUsers.required(), id, AttendeeExport.Format.XLSX));
    }

    private static ResponseEntity<StreamingResponseBody> download(AttendeeExport export) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(export.format().mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(export.filename()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(export::writeTo);
    }
}
