package io.eventflow.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an endpoint may subscribe to; the wire name is the payload's {@code type}. */
enum WebhookEventType {
    BOOKING_CONFIRMED("booking.confirmed"),
    BOOKING_WAITLISTED("booking.waitlisted"),
    BOOKING_PROMOTED("booking.promoted"),
    BOOKING_CANCELLED("booking.cancelled"),
    CHECKIN_CREATED("checkin.created"),
    EVENT_CREATED("event.created"),
    EVENT_UPDATED("event.updated"),
    EVENT_CANCELLED("event.cancelled"),
    EVENT_DELETED("event.deleted");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Optional<WebhookEventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equalsIgnoreCase(value.trim())).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(WebhookEventType::wireName).toList();
    }

    static String listed() {
        return Arrays.stream(values()).map(WebhookEventType::wireName).collect(Collectors.joining(", "));
    }
}
