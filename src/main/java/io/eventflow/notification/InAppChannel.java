package io.eventflow.notification;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.eventflow.platform.IdGenerator;
import io.eventflow.realtime.Broadcaster;

/**
 * In-app notifications: stored as sent (the list in the app is where they are read) and pushed to the user's open
 * {@code /ws/notifications} connections.
 */
@Component
class InAppChannel {

    private final NotificationStore store;
    private final Broadcaster broadcaster;
    private final IdGenerator ids;

    InAppChannel(NotificationStore store, Broadcaster broadcaster, IdGenerator ids) {
        this.store = store;
        this.broadcaster = broadcaster;
        this.ids = ids;
    }

    void store(Draft draft, String data, Instant now) {
        UUID id = ids.next();
        if (store.add(Notification.inApp(id, draft, data, now))) { // pushed only the first time: a second handling is silent
            Map<String, Object> push = new LinkedHashMap<>(draft.data());
            push.putIfAbsent("id", id);
            push.put("notification_id", id);
            broadcaster.toUser(draft.userId(), draft.type().wireName(), push); // leaves after the commit
        }
    }
}
