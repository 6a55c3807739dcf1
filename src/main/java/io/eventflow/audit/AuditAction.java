package io.eventflow.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an audit entry records, with the wire name the API shows and filters by. */
public enum AuditAction {
    /** An account's role changed (detail: {@code from}, {@code to}). */
    USER_ROLE_CHANGED("user.role_changed", TargetType.USER),
    /** An admin changed someone else's username, e-mail address or password (detail: the fields' names). */
    USER_UPDATED_BY_ADMIN("user.updated_by_admin", TargetType.USER),
    /** An account was deleted (anonymised), by its user or an admin. */
    USER_DELETED("user.deleted", TargetType.USER),
    /** An event was cancelled: by its organizer, an admin, or the system when the organizer's account was deleted. */
    EVENT_CANCELLED("event.cancelled", TargetType.EVENT),
    /** An event was deleted by its organizer or an admin. */
    EVENT_DELETED("event.deleted", TargetType.EVENT),
    /** An admin changed someone else's event (detail: the changed fields' names). */
    EVENT_UPDATED_BY_ADMIN("event.updated_by_admin", TargetType.EVENT),
    /** The event's organizer or an admin cancelled someone else's booking. */
    BOOKING_CANCELLED_BY_MANAGER("booking.cancelled_by_manager", TargetType.BOOKING),
    /** A ticket was checked in at the door, or its holder's arrival recorded on site (detail: {@code method}). */
    BOOKING_CHECKED_IN("booking.checked_in", TargetType.BOOKING);

    private final String wireName;
    private final TargetType targetType;

    AuditAction(String wireName, TargetType targetType) {
        this.wireName = wireName;
        this.targetType = targetType;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public TargetType targetType() {
        return targetType;
    }

    public static Optional<AuditAction> fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wireName.equalsIgnoreCase(value.trim())).findFirst();
    }

    static String wireNames() {
        return Arrays.stream(values()).map(AuditAction::wireName).collect(Collectors.joining(", "));
    }

    /** What kind of thing an entry's {@code target_id} names. */
    public enum TargetType {
        USER, EVENT, BOOKING;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<TargetType> fromWire(String value) {
            return Arrays.stream(values()).filter(t -> t.wireName().equalsIgnoreCase(value.trim())).findFirst();
        }
    }
}
