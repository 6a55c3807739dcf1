package io.eventflow.notification;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.notification.NotificationType.Channel;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.NotFound;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
class NotificationController {

    private final NotificationStore store;
    private final NotificationPreferences preferences;
    private final Notifications notifications;
    private final JsonMapper json;
    private final java.time.Clock clock;

    NotificationController(NotificationStore store, NotificationPreferences preferences, Notifications notifications,
            JsonMapper json, java.time.Clock clock) {
        this.store = store;
        this.preferences = preferences;
        this.notifications = notifications;
        this.json = json;
        this.clock = clock;
    }

    /** An in-app notification as listed; {@code email} is the delivery of the same notification by mail, if any. */
    record InAppView(UUID id, String type, JsonNode data, boolean read, java.time.Instant createdAt,
            @Nullable Delivery email) {
    }

    record Delivery(UUID notificationId, String status) {
    }

    /** Delivery state of one notification on its channel (API.md). */
    record StatusView(UUID notificationId, String type, String channel, String status, int attempts,
            @Nullable String details, java.time.@Nullable Instant sentAt) {
    }

    @GetMapping("/api/v1/notifications")
    @Operation(summary = "Own in-app notifications, newest first", description = "With `unread` = how many are not read yet.")
    Map<String, Object> list(CurrentUser user, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        List<Notification> found = store.inApp(user.id(), paging.size(), paging.offset());
        Map<String, Notification> mails = store.byKeys(found.stream().map(n -> n.keyOn(Channel.EMAIL)).toList());
        List<InAppView> items = found.stream().map(n -> {
            Notification mail = mails.get(n.keyOn(Channel.EMAIL));
            return new InAppView(n.id(), n.type().wireName(), json.readTree(n.data()), n.readAt() != null, n.createdAt(),
                    mail == null ? null : new Delivery(mail.id(), mail.status()));
        }).toList();
        PageView<InAppView> view = new PageView<>(items, paging.page(), paging.size(), store.countInApp(user.id(), false));
        Map<String, Object> body = new LinkedHashMap<>(json.convertValue(view, Map.class));
        body.put("unread", store.countInApp(user.id(), true));
        return body;
    }

    @PostMapping("/api/v1/notifications/{id}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mark an own in-app notification as read")
    void read(CurrentUser user, @PathVariable UUID id) {
        if (!store.markRead(id, user.id(), clock.instant())) {
            throw new NotFound("Notification", id);
        }
    }

    @GetMapping({"/api/v1/notifications/{id}/status", "/api/v1/notifications/status/{id}"})
    @Operation(summary = "Delivery status of a notification", description = "For its user and admins: pending, sent or failed, "
            + "with the number of attempts and the last failure's reason.")
    StatusView status(CurrentUser user, @PathVariable UUID id) {
        Notifications.DeliveryStatus s = notifications.status(user, id); // who may see it is decided there
        return new StatusView(s.notificationId(), s.type(), s.channel(), s.status(), s.attempts(), s.details(), s.sentAt());
    }

    @GetMapping("/api/v1/notifications/failed")
    @Operation(summary = "Failed deliveries (admins)")
    PageView<StatusView> failed(CurrentUser user, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        if (!user.isAdmin()) {
            throw new NotAllowed("Only admins can list failed deliveries");
        }
        Paging paging = Paging.of(page, size);
        return new PageView<>(store.failed(paging.size(), paging.offset()).stream()
                .map(n -> new StatusView(n.id(), n.type().wireName(), n.channel().wireName(), n.status(), n.attempts(), n.details(),
                        n.sentAt())).toList(), paging.page(), paging.size(), store.countFailed());
    }

    @GetMapping("/api/v1/users/me/notification-preferences")
    @Operation(summary = "Own notification preferences", description = "Every type with `email` and `in_app` on or off.")
    Map<String, Map<String, Boolean>> preferences(CurrentUser user) {
        return preferences.all(user.id());
    }

    @PutMapping(path = "/api/v1/users/me/notification-preferences", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change own notification preferences",
            description = "Any subset, e.g. `{\"booking_confirmed\": {\"email\": false}}`; what is not named stays as it is.")
    Map<String, Map<String, Boolean>> change(CurrentUser user, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("Expected an object of notification types, e.g. {\"booking_confirmed\": {\"email\": false}}", List.of());
        }
        Map<NotificationType, Map<Channel, Boolean>> changes = new EnumMap<>(NotificationType.class);
        List<FieldProblem> problems = new java.util.ArrayList<>();
        for (var type : body.properties()) {
            NotificationType parsedType;
            try {
                parsedType = NotificationType.fromWire(type.getKey());
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(type.getKey(), "is not a notification type; known: "
                        + String.join(", ", java.util.Arrays.stream(NotificationType.values()).map(NotificationType::wireName).toList())));
                continue;
            }
            if (!type.getValue().isObject()) {
                problems.add(new FieldProblem(type.getKey(), "must be an object like {\"email\": true, \"in_app\": false}"));
                continue;
            }
            for (var channel : type.getValue().properties()) {
                String field = type.getKey() + "." + channel.getKey();
                try {
                    Channel parsedChannel = Channel.fromWire(channel.getKey());
                    if (!channel.getValue().isBoolean()) {
                        problems.add(new FieldProblem(field, "must be true or false"));
                    } else {
                        changes.computeIfAbsent(parsedType, t -> new EnumMap<>(Channel.class)).put(parsedChannel, channel.getValue().asBoolean());
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem(field, "is not a channel; known: email, in_app"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput("Some preferences are not valid", problems);
        }
        preferences.set(user.id(), changes);
        return preferences.all(user.id());
    }
}
