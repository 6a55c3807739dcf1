package io.eventflow.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit log, as admins read it.
 *
 * @param actorId       who did it; null when the system did (a scheduled job, a clean-up after an account deletion)
 * @param actorName     the actor's username at the time
 * @param clientAddress the request's client address, as the trusted proxies reported it; null without a request
 * @param requestId     the request's id, to find its log lines
 * @param detail        a few facts of the change (old and new role, changed field names); never a secret
 */
public record AuditEntry(UUID id, Instant occurredAt, @Nullable UUID actorId, @Nullable String actorName,
        @Nullable String clientAddress, @Nullable String requestId, AuditAction action, AuditAction.TargetType targetType,
        UUID targetId, Map<String, Object> detail) {
}
