package io.eventflow.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/** The admins' reading of the audit log, for the API and the web page alike. */
@Service
class AuditService implements AuditLog {

    private final AuditRepository entries;

    AuditService(AuditRepository entries) {
        this.entries = entries;
    }

    @Override
    @Transactional(readOnly = true)
    public PageView<AuditEntry> search(CurrentUser viewer, AuditQuery query) {
        if (!viewer.isAdmin()) {
            throw new NotAllowed("Only admins can read the audit log");
        }
        AuditRepository.Filter filter = new AuditRepository.Filter(uuid(query.actor(), "actor"), action(query.action()),
                targetType(query.targetType()), uuid(query.target(), "target"), instant(query.from(), "from"),
                instant(query.to(), "to"));
        Paging paging = Paging.of(query.page(), query.size());
        return new PageView<>(entries.find(filter, paging.offset(), paging.size()), paging.page(), paging.size(),
                entries.count(filter));
    }

    private static @Nullable UUID uuid(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw InvalidInput.field(field, "must be a UUID");
        }
    }

    private static @Nullable AuditAction action(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return AuditAction.fromWire(value).orElseThrow(
                () -> InvalidInput.field("action", "must be one of " + AuditAction.wireNames()));
    }

    private static AuditAction.@Nullable TargetType targetType(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return AuditAction.TargetType.fromWire(value).orElseThrow(
                () -> InvalidInput.field("target_type", "must be one of user, event, booking"));
    }

    private static @Nullable Instant instant(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant(); // an unencoded '+' arrives as ' '
        } catch (DateTimeParseException e) {
            throw InvalidInput.field(field, "must be an ISO-8601 date-time with offset, e.g. 2026-12-01T00:00:00Z");
        }
    }
}
