package io.eventflow.notification;

import java.util.Arrays;
import java.util.Locale;

/** What a notification is about; the wire name is the WebSocket message type and the preference key. */
enum NotificationType {

    WELCOME(true, true),
    EVENT_CREATED(true, true),
    EVENT_CHANGED(true, true),
    EVENT_CANCELLED(true, true),
    BOOKING_CONFIRMED(true, true),
    BOOKING_WAITLISTED(true, true),
    BOOKING_PROMOTED(true, true),
    /** A seat is held for the user until a deadline: worth a mail, or it may pass unnoticed. */
    BOOKING_OFFERED(true, true),
    BOOKING_CANCELLED(true, true),
    REMINDER(true, true),
    /** The organizer's announcement to the event's participants. */
    ANNOUNCEMENT(true, true),
    /** Someone followed you: news, not worth a mail unless asked for. */
    NEW_FOLLOWER(false, true),
    /** One of your webhook endpoints kept failing and was disabled: an integration is down until you act. */
    WEBHOOK_DISABLED(true, true);

    private final boolean emailByDefault;
    private final boolean inAppByDefault;

    NotificationType(boolean emailByDefault, boolean inAppByDefault) {
        this.emailByDefault = emailByDefault;
        this.inAppByDefault = inAppByDefault;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean enabledByDefault(Channel channel) {
        return channel == Channel.EMAIL ? emailByDefault : inAppByDefault;
    }

    static NotificationType fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown notification type '" + value + "'"));
    }

    enum Channel {
        EMAIL, IN_APP;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Channel fromWire(String value) {
            return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown channel '" + value + "'"));
        }
    }
}
