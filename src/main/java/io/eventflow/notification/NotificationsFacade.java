package io.eventflow.notification;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.eventflow.identity.CurrentUser;
import io.eventflow.notification.NotificationType.Channel;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotFound;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Service
class NotificationsFacade implements Notifications {

    private final NotificationStore store;
    private final NotificationPreferences preferences;
    private final JsonMapper json;
    private final java.time.Clock clock;

    NotificationsFacade(NotificationStore store, NotificationPreferences preferences, JsonMapper json, java.time.Clock clock) {
        this.store = store;
        this.preferences = preferences;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public PageView<InAppNotification> inApp(CurrentUser user, Paging paging) {
        List<InAppNotification> items = store.inApp(user.id(), paging.size(), paging.offset()).stream().map(n -> {
            JsonNode data = json.readTree(n.data());
            JsonNode eventId = data.get("event_id");
            return new InAppNotification(n.id(), n.type().wireName(), data.path("message").asString(""),
                    eventId != null && eventId.isString() ? UUID.fromString(eventId.asString()) : null, n.readAt() != null, n.createdAt());
        }).toList();
        return new PageView<>(items, paging.page(), paging.size(), store.countInApp(user.id(), false));
    }

    @Override
    public long unread(CurrentUser user) {
        return store.countInApp(user.id(), true);
    }

    @Override
    public void markRead(CurrentUser user, UUID notificationId) {
        if (!store.markRead(notificationId, user.id(), clock.instant())) {
            throw new NotFound("Notification", notificationId);
        }
    }

    @Override
    public void markAllRead(CurrentUser user) {
        store.markAllRead(user.id(), clock.instant());
    }

    @Override
    public DeliveryStatus status(CurrentUser user, UUID notificationId) {
        Notification n = store.find(notificationId).filter(found -> user.isSelfOrAdmin(found.userId()))
                .orElseThrow(() -> new NotFound("Notification", notificationId)); // another's: as if it did not exist
        return new DeliveryStatus(n.id(), n.type().wireName(), n.channel().wireName(), n.status(), n.attempts(),
                n.details(), n.sentAt());
    }

    @Override
    public Map<String, Map<String, Boolean>> preferences(CurrentUser user) {
        return preferences.all(user.id());
    }

    @Override
    public void setPreferences(CurrentUser user, Map<String, Map<String, Boolean>> values) {
        Map<NotificationType, Map<Channel, Boolean>> changes = new EnumMap<>(NotificationType.class);
        List<FieldProblem> problems = new ArrayList<>();
        values.forEach((type, channels) -> channels.forEach((channel, enabled) -> {
            try {
                changes.computeIfAbsent(NotificationType.fromWire(type), t -> new EnumMap<>(Channel.class))
                        .put(Channel.fromWire(channel), enabled);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(type + "." + channel,
                        Objects.requireNonNull(e.getMessage(), "fromWire names the unknown value")));
            }
        }));
        if (!problems.isEmpty()) {
            throw new InvalidInput("Some preferences are not valid", problems);
        }
        preferences.set(user.id(), changes);
    }
}
