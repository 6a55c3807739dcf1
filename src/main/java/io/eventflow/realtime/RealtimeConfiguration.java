package io.eventflow.realtime;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The four WebSocket endpoints of API.md, their limits, and the relay between nodes. Raw WebSocket with JSON
 * envelopes rather than STOMP: the protocol is four message types a browser or a script speaks in a few lines.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class RealtimeConfiguration implements WebSocketConfigurer {

    private final RealtimeProperties properties;
    private final Handshake handshake;
    private final EventFeedHandler eventFeed;
    private final NotificationFeedHandler notificationFeed;
    private final ChatHandler chat;

    RealtimeConfiguration(RealtimeProperties properties, Handshake handshake, EventFeedHandler eventFeed,
            NotificationFeedHandler notificationFeed, ChatHandler chat) {
        this.properties = properties;
        this.handshake = handshake;
        this.eventFeed = eventFeed;
        this.notificationFeed = notificationFeed;
        this.chat = chat;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        String[] origins = properties.allowedOrigins().toArray(String[]::new);
        // the trailing-slash forms are how clients of the system EventFlow replaces connect (Django Channels routes)
        registry.addHandler(eventFeed, "/ws/events", "/ws/events/", "/ws/events/*", "/ws/events/*/")
                .addInterceptors(handshake).setAllowedOriginPatterns(origins);
        registry.addHandler(notificationFeed, "/ws/notifications").addInterceptors(handshake).setAllowedOriginPatterns(origins);
        registry.addHandler(chat, "/ws/chat/*").addInterceptors(handshake).setAllowedOriginPatterns(origins);
    }

    /**
     * Small per-connection buffers: Tomcat allocates them for every connection up front, and with partial
     * frames (see {@link FrameHandler#supportsPartialMessages()}) they need not hold a whole frame.
     * Binary frames are not part of the protocol.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize((int) properties.bufferSize().toBytes() / Character.BYTES);
        container.setMaxBinaryMessageBufferSize(1024);
        container.setMaxSessionIdleTimeout(properties.idleTimeout().toMillis());
        return container;
    }
}
