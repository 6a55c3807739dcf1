package io.eventflow.audit;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Audit", description = "Who changed roles, deleted accounts, cancelled or deleted events, checked tickets in, "
        + "and what admins did to others' events and bookings (admins only)")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/admin/audit")
    @Operation(summary = "The audit log, newest first (admin)", description = "Filters combine with AND. Paginated "
            + "({items, page, size, total}); size is capped at 100. 401 without a token, 403 for anyone but an admin.")
    PageView<AuditEntry> search(CurrentUser user,
            @Parameter(description = "The actor's user id") @RequestParam(required = false) @Nullable String actor,
            @Parameter(description = "An action: user.role_changed, user.updated_by_admin, user.deleted, event.cancelled, event.deleted, "
                    + "event.updated_by_admin, booking.cancelled_by_manager, booking.checked_in")
            @RequestParam(required = false) @Nullable String action,
            @Parameter(description = "What the target id names: user, event or booking")
            @RequestParam(name = "target_type", required = false) @Nullable String targetType,
            @Parameter(description = "The target's id (a user, event or booking)") @RequestParam(required = false) @Nullable String target,
            @Parameter(description = "Entries at or after this instant (ISO-8601 with offset)") @RequestParam(required = false) @Nullable String from,
            @Parameter(description = "Entries at or before this instant (ISO-8601 with offset)") @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return audit.search(user, new AuditQuery(actor, action, targetType, target, from, to, page, size));
    }
}
