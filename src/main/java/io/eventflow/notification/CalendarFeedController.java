package io.eventflow.notification;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.NotFound;
import io.swagger.v3.oas.annotations.Operation;

@RestController
class CalendarFeedController {

    private final CalendarFeeds feeds;

    CalendarFeedController(CalendarFeeds feeds) {
        this.feeds = feeds;
    }

    @PostMapping("/api/v1/users/me/calendar-feed")
    @Operation(summary = "A new private URL of one's bookings as a calendar feed",
            description = "Each call replaces the previous URL. Subscribe to it (webcal://) in a calendar app.")
    Map<String, String> create(CurrentUser user) {
        String url = feeds.newUrl(user);
        return Map.of("url", url, "webcal_url", url.replaceFirst("^https?://", "webcal://"));
    }

    @GetMapping(path = "/calendar/{token}.ics", produces = "text/calendar")
    @Operation(summary = "A user's bookings as iCalendar (the URL is the credential)")
    ResponseEntity<String> feed(@PathVariable String token) {
        String ics = feeds.feed(token).orElseThrow(() -> new NotFound("Calendar feed", "(this link)"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/calendar; charset=UTF-8"))
                .header("Cache-Control", "private, max-age=300").body(ics);
    }
}
