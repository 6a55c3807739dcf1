package io.eventflow.audit;

import org.jspecify.annotations.Nullable;

/**
 * A search of the audit log as a client sends it; every filter is optional and they combine with AND.
 *
 * @param actor      the actor's user id
 * @param action     an action's wire name, e.g. {@code user.role_changed}
 * @param targetType {@code user}, {@code event} or {@code booking}
 * @param target     the target's id
 * @param from       entries at or after this ISO-8601 instant
 * @param to         entries at or before this ISO-8601 instant
 */
public record AuditQuery(@Nullable String actor, @Nullable String action, @Nullable String targetType,
        @Nullable String target, @Nullable String from, @Nullable String to, @Nullable Integer page,
        @Nullable Integer size) {
}
