package io.eventflow.realtime;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes the buffers Tomcat gives every connection for its whole life: a WebSocket connection keeps its socket
 * read and write buffers and Tomcat's frame input, output and encoding buffers, 8 KB each by default, and the
 * client may stay connected for hours. At 10,000 connections the defaults were 58 KB of live heap per
 * connection. Frames are small (an {@code event_updated} is ~1 KB); a longer message is written as several
 * WebSocket fragments and read in parts (see {@link FrameHandler#supportsPartialMessages()}), which clients
 * reassemble.
 */
@Component
class ConnectionBuffers implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    /** Tomcat reads its WebSocket buffer size from this system property only, once, when it first needs it. */
    static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    private final RealtimeProperties properties;

    ConnectionBuffers(RealtimeProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        String bytes = Long.toString(properties.bufferSize().toBytes());
        // before Tomcat starts (this runs while its factory is prepared); a value given with -D wins
        if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
            System.setProperty(TOMCAT_WEBSOCKET_BUFFER, bytes);
        }
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", bytes);
            connector.setProperty("socket.appWriteBufSize", bytes);
        });
    }
}
