package io.eventflow.web;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.eventflow.dashboard.Dashboards;
import io.eventflow.dashboard.EventDashboard;
import io.eventflow.dashboard.EventSummary;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.platform.web.DomainStatus;
import io.eventflow.platform.web.ProblemResponses;

/**
 * The organizer's dashboards: one event's ({@code /events/{id}/dashboard}) and all their events'
 * ({@code /dashboard}). The pages show every figure without JavaScript; with it, dashboard.js draws the charts and
 * reads the figures again from the {@code .../figures} JSON whenever a {@code dashboard_changed} signal comes (the
 * browser has a session, not the bearer token the API wants).
 */
@Controller
class DashboardPages {

    static final int PAGE_SIZE = 20;
    private static final List<String> BUCKETS = List.of("auto", "1m", "5m", "15m", "1h", "6h", "1d", "7d");

    private final Dashboards dashboards;
    private final ProblemResponses problems;
    private final PageTexts texts;

    DashboardPages(Dashboards dashboards, ProblemResponses problems, PageTexts texts) {
        this.texts = texts;
        this.dashboards = dashboards;
        this.problems = problems;
    }

    @GetMapping("/events/{id}/dashboard")
    String event(@PathVariable UUID id, @RequestParam(required = false) @Nullable String bucket, Model model) {
        EventDashboard dashboard = dashboards.ofEvent(CurrentUsers.required(), id, bucket);
        model.addAttribute("d", dashboard);
        model.addAttribute("when", utc(dashboard.startTime()));
        model.addAttribute("bucket", bucket == null ? "auto" : bucket);
        model.addAttribute("buckets", BUCKETS);
        return "dashboard/event";
    }

    @GetMapping(path = "/events/{id}/dashboard/figures", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EventDashboard> eventFigures(@PathVariable UUID id,
            @RequestParam(required = false) @Nullable String bucket) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(dashboards.ofEvent(CurrentUsers.required(), id, bucket));
    }

    @GetMapping("/dashboard")
    String overview(@RequestParam(required = false) @Nullable Integer page, Model model) {
        PageView<EventSummary> events = dashboards.ofOrganizer(CurrentUsers.required(), null, Paging.of(page, PAGE_SIZE));
        model.addAttribute("rows", events.items().stream().map(e -> Row.of(e, utc(e.startTime()), texts)).toList());
        model.addAttribute("page", events.page());
        model.addAttribute("total", events.total());
        model.addAttribute("hasPrevious", events.page() > 0);
        model.addAttribute("hasNext", (long) (events.page() + 1) * events.size() < events.total());
        return "dashboard/overview";
    }

    @GetMapping(path = "/dashboard/figures", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PageView<EventSummary>> overviewFigures(@RequestParam(required = false) @Nullable Integer page) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(dashboards.ofOrganizer(CurrentUsers.required(), null, Paging.of(page, PAGE_SIZE)));
    }

    /** The pages' refusals are pages ({@link WebErrors}); their JSON's, problem details for the script. */
    @ExceptionHandler(DomainException.class)
    @Nullable String refused(DomainException ex, HttpServletRequest request, HttpServletResponse response, Model model)
            throws java.io.IOException {
        if (request.getRequestURI().endsWith("/figures")) {
            problems.write(request, response, DomainStatus.of(ex.kind()), String.valueOf(ex.getMessage()));
            return null;
        }
        response.setStatus(DomainStatus.of(ex.kind()).value());
        model.addAttribute("status", DomainStatus.of(ex.kind()).value());
        model.addAttribute("title", texts.status(DomainStatus.of(ex.kind())));
        model.addAttribute("detail", ex.getMessage());
        return "error";
    }

    private String utc(java.time.Instant at) {
        return texts.dayTime(at, ZoneOffset.UTC) + " UTC";
    }

    /** A row of the overview, with what the page prints already worded. */
    record Row(EventSummary e, String when, String seats, int percentPresent) {

        static Row of(EventSummary e, String when, PageTexts texts) {
            String seats = e.capacity() == null ? String.valueOf(e.seatsTaken())
                    : texts.text("dashboard.seats-of", e.seatsTaken(), e.capacity());
            return new Row(e, when, seats,
                    e.progress() == null ? 0 : (int) Math.round(e.progress() * 100));
        }

        public boolean cancelled() {
            return e.status().wireName().equals("cancelled");
        }
    }

}
