package io.eventflow.dashboard;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Dashboard")
class DashboardController {

    private final Dashboards dashboards;

    DashboardController(Dashboards dashboards) {
        this.dashboards = dashboards;
    }

    @GetMapping("/api/v1/events/{id}/dashboard")
    @Operation(summary = "An event's live figures (its organizer, admin)", description = "Seats taken of the capacity, "
            + "the waiting list, check-ins by method (ticket, arrival) and their progress, photos, bookings and "
            + "check-ins over time in buckets (UTC, only buckets with something in them). A dashboard_changed frame "
            + "on /ws/events/{id} says when to read it again.")
    EventDashboard event(CurrentUser user, @PathVariable UUID id,
            @Parameter(description = "Width of the bookings' buckets: auto (default, at most 96 buckets), 1m, 5m, "
                    + "15m, 1h, 6h, 1d, 7d; 422 if it would make more than 2000")
            @RequestParam(required = false) @Nullable String bucket) {
        return dashboards.ofEvent(user, id, bucket);
    }

    @GetMapping("/api/v1/organizer/dashboard")
    @Operation(summary = "The caller's own events with their figures (organizer, admin)", description = "Sorted as "
            + "GET /api/v1/events (default -start_time, the latest first).")
    PageView<EventSummary> organizer(CurrentUser user, @RequestParam(required = false) @Nullable String sort,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return dashboards.ofOrganizer(user, sort, Paging.of(page, size));
    }
}
