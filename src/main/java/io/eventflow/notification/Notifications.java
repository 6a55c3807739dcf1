package io.eventflow.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/** The notification module's public API, for the web UI: the same rules as the REST API. */
public interface Notifications {

    PageView<InAppNotification> inApp(CurrentUser user, Paging paging);

    long unread(CurrentUser user);

    void markRead(CurrentUser user, UUID notificationId);

    void markAllRead(CurrentUser user);

    /** Every type with every channel: {@code {"booking_confirmed": {"email": true, "in_app": true}, ...}}. */
    Map<String, Map<String, Boolean>> preferences(CurrentUser user);

    /** Sets exactly these values (unknown types or channels: a 400 problem). */
    void setPreferences(CurrentUser user, Map<String, Map<String, Boolean>> values);

    /**
     * The delivery state of one notification on its channel, as {@code GET /api/v1/notifications/{id}/status}: for its
     * user and admins; anyone else's, or an unknown id, is {@code NotFound} (as if it did not exist).
     */
    DeliveryStatus status(CurrentUser user, UUID notificationId);

    /**
     * @param status  pending, sent or failed
     * @param details why the last attempt failed, if it did
     */
    record DeliveryStatus(UUID notificationId, String type, String channel, String status, int attempts,
            @Nullable String details, @Nullable Instant sentAt) {
    }

    record InAppNotification(UUID id, String type, String message, @Nullable UUID eventId, boolean read,
            Instant createdAt) {
    }
}
