package io.eventflow.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Component;

import io.eventflow.notification.NotificationType.Channel;
import tools.jackson.databind.json.JsonMapper;

/** Stores a draft on each channel its user wants for its type. Idempotent by the draft's key. */
@Component
class NotificationDelivery {

    private final NotificationPreferences preferences;
    private final InAppChannel inApp;
    private final EmailChannel email;
    private final JsonMapper json;
    private final Clock clock;

    NotificationDelivery(NotificationPreferences preferences, InAppChannel inApp, EmailChannel email, JsonMapper json, Clock clock) {
        this.preferences = preferences;
        this.inApp = inApp;
        this.email = email;
        this.json = json;
        this.clock = clock;
    }

    void deliver(Draft draft) {
        Instant now = clock.instant();
        String data = json.writeValueAsString(draft.data());
        Map<Channel, Boolean> channels = preferences.channels(draft.userId(), draft.type());
        if (on(channels, Channel.IN_APP)) {
            inApp.store(draft, data, now);
        }
        if (draft.mail() != null && on(channels, Channel.EMAIL)) {
            email.store(draft, data, now);
        }
    }

    private static boolean on(Map<Channel, Boolean> channels, Channel channel) {
        return Objects.requireNonNull(channels.get(channel), "the preferences name every channel");
    }
}
