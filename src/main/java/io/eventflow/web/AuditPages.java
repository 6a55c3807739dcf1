package io.eventflow.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.eventflow.audit.AuditAction;
import io.eventflow.audit.AuditEntry;
import io.eventflow.audit.AuditLog;
import io.eventflow.audit.AuditQuery;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.paging.PageView;

/** The audit log for admins: the same search as {@code GET /api/v1/admin/audit}, with days instead of instants. */
@Controller
class AuditPages {

    private static final int PAGE_SIZE = 50;

    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    String list(@RequestParam(required = false) @Nullable String actor, @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String target, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable Integer page,
            Model model) {
        CurrentUser me = CurrentUsers.required();
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("target", target);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("actions", Arrays.stream(AuditAction.values()).map(AuditAction::wireName).toList());
        PageView<AuditEntry> found;
        try {
            // a day is read in UTC, as the times in the table are shown: from its start to its last instant
            found = audit.search(me, new AuditQuery(actor, action, null, target, dayStart(from, "from"),
                    dayEnd(to, "to"), page, PAGE_SIZE));
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.INVALID_INPUT) {
                throw e; // an attendee or organizer gets the 403 page
            }
            model.addAttribute("problem", e.errors().isEmpty() ? e.getMessage()
                    : e.errors().getFirst().field() + " " + e.errors().getFirst().message());
            found = new PageView<>(List.of(), 0, PAGE_SIZE, 0);
        }
        model.addAttribute("entries", found.items());
        model.addAttribute("total", found.total());
        model.addAttribute("page", found.page());
        model.addAttribute("hasPrevious", found.page() > 0);
        model.addAttribute("hasNext", (long) (found.page() + 1) * found.size() < found.total());
        return "admin/audit";
    }

    private static @Nullable String dayStart(@Nullable String day, String field) {
        LocalDate date = day(day, field);
        return date == null ? null : date.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    }

    private static @Nullable String dayEnd(@Nullable String day, String field) {
        LocalDate date = day(day, field);
        return date == null ? null : date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1000).toString();
    }

    private static @Nullable LocalDate day(@Nullable String day, String field) {
        if (day == null || day.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(day.trim());
        } catch (DateTimeParseException e) {
            throw InvalidInput.field(field, "must be a date, e.g. 2026-12-01");
        }
    }
}
