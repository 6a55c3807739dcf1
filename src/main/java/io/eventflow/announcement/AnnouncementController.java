package io.eventflow.announcement;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Announcements", description = "What an event's organizer tells its participants")
class AnnouncementController {

    private final Announcements announcements;

    AnnouncementController(Announcements announcements) {
        this.announcements = announcements;
    }

    @Schema(description = "An announcement to send")
    record SendRequest(
            @Schema(description = "One line, 1 to " + Announcements.MAX_SUBJECT + " characters", requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable String subject,
            @Schema(description = "1 to " + Announcements.MAX_BODY + " characters", requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable String body,
            @Schema(description = "confirmed (default) or confirmed_and_waitlisted", allowableValues = { "confirmed",
                    "confirmed_and_waitlisted" }) @Nullable String audience) {
    }

    @PostMapping("/api/v1/events/{id}/announcements")
    @Operation(summary = "Send an announcement to the event's participants (its organizer, an admin)",
            description = "Stored in the event's history and delivered to each recipient in the app and by e-mail, as "
                    + "their notification preferences (type 'announcement') say. 400 for a blank or too long subject or "
                    + "body or an unknown audience; 429 with Retry-After past the limit per organizer and event.")
    ResponseEntity<AnnouncementView> send(CurrentUser user, @PathVariable UUID id, @RequestBody SendRequest request) {
        AnnouncementView sent = announcements.send(user, id, new Announcements.AnnouncementRequest(
                request.subject() == null ? "" : request.subject(), request.body() == null ? "" : request.body(),
                request.audience()));
        return ResponseEntity.created(URI.create("/api/v1/events/" + id + "/announcements")).body(sent);
    }

    @GetMapping("/api/v1/events/{id}/announcements")
    @Operation(summary = "The event's announcements, newest first (its organizer, admins, participants)")
    PageView<AnnouncementView> history(CurrentUser user, @PathVariable UUID id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return announcements.history(user, id, Paging.of(page, size));
    }
}
