package io.eventflow.notification;

import java.time.Instant;

import org.springframework.stereotype.Component;

import io.eventflow.identity.UserDirectory;
import io.eventflow.platform.AfterCommit;
import io.eventflow.platform.IdGenerator;

/**
 * E-mail notifications: stored as pending with the rendered mail, for {@link EmailDispatcher}. The row is the
 * record of what is owed, so the mail goes out even if SMTP or RabbitMQ is down right now.
 */
@Component
class EmailChannel {

    private final NotificationStore store;
    private final UserDirectory users;
    private final EmailDispatcher dispatcher;
    private final IdGenerator ids;

    EmailChannel(NotificationStore store, UserDirectory users, EmailDispatcher dispatcher, IdGenerator ids) {
        this.store = store;
        this.users = users;
        this.dispatcher = dispatcher;
        this.ids = ids;
    }

    void store(Draft draft, String data, Instant now) {
        users.email(draft.userId()).ifPresent(address -> {
            Notification mail = Notification.pendingEmail(ids.next(), draft, address, data, now);
            if (store.add(mail)) {
                AfterCommit.run(() -> dispatcher.handOut(mail)); // not waiting for the next poll
            }
        });
    }
}
