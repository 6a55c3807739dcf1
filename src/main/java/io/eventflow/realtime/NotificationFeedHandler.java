package io.eventflow.realtime;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;

import tools.jackson.databind.json.JsonMapper;

/** {@code /ws/notifications}: the signed-in user's personal notifications, on all of their devices. */
@Component
class NotificationFeedHandler extends FrameHandler {

    NotificationFeedHandler(Connections connections, JsonMapper json) {
        super(connections, json);
    }

    @Override
    void opened(Connection connection, WebSocketSession session) {
        if (!refuseAnonymous(connection, session)) {
            connections.subscribe(connection, Topics.user(connection.signedInUser().id()));
        }
    }
}
