package io.eventflow.compat;

import org.apache.catalina.LifecycleState;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The old APIs' own port ({@code eventflow.compat.port}, 8000 as their READMEs say), a second Tomcat connector in
 * front of the same application: same filters, security, WebSockets and graceful shutdown. It is added once the main
 * server runs, so a port that is taken costs a warning, never the node: compatibility must not stop EventFlow from
 * starting.
 */
@Component
@CompatEnabled
class CompatConnector {

    private static final Logger log = LoggerFactory.getLogger(CompatConnector.class);

    private final CompatProperties properties;
    private volatile int localPort = -1;

    CompatConnector(CompatProperties properties) {
        this.properties = properties;
    }

    /** The port the connector listens on, or -1 while it does not (turned off, or the port was taken). */
    int localPort() {
        return localPort;
    }

    @EventListener
    void on(WebServerInitializedEvent initialized) {
        if (properties.port() < 0 || !(initialized.getWebServer() instanceof TomcatWebServer server)
                || initialized.getApplicationContext().getServerNamespace() != null) { // not the management server
            return;
        }
        Service service = server.getTomcat().getService();
        Connector main = server.getTomcat().getConnector();
        Connector connector = new Connector(main.getProtocolHandlerClassName());
        connector.setPort(properties.port());
        connector.setThrowOnFailure(true);
        copySettings(main, connector);
        try {
            service.addConnector(connector);
        } catch (RuntimeException e) {
            log.debug("Compatibility connector failed to start", e);
        }
        if (connector.getState() != LifecycleState.STARTED) {
            log.warn("Port {} for the compatibility APIs (eventflow.compat.port) could not be opened: it is probably "
                    + "in use. EventFlow runs without it; the old routes still answer under {} on port {}.",
                    properties.port(), CompatPaths.PREFIX, server.getPort());
            service.removeConnector(connector);
            return;
        }
        localPort = connector.getLocalPort();
        log.info("Compatibility APIs (seeds 000-002) listening on port {}", localPort);
    }

    /** The limits Boot applied to the main connector from {@code server.*} apply here too. */
    private static void copySettings(Connector main, Connector connector) {
        connector.setMaxPostSize(main.getMaxPostSize());
        connector.setMaxParameterCount(main.getMaxParameterCount());
        connector.setURIEncoding(main.getURIEncoding());
        if (main.getProtocolHandler() instanceof AbstractProtocol<?> from
                && connector.getProtocolHandler() instanceof AbstractProtocol<?> to) {
            to.setExecutor(from.getExecutor()); // virtual threads when enabled, as on the main port
            to.setConnectionTimeout(from.getConnectionTimeout());
            to.setKeepAliveTimeout(from.getKeepAliveTimeout());
            to.setMaxConnections(from.getMaxConnections());
        }
        if (main.getProtocolHandler() instanceof AbstractHttp11Protocol<?> from
                && connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> to) {
            to.setMaxHttpRequestHeaderSize(from.getMaxHttpRequestHeaderSize());
            to.setMaxSwallowSize(from.getMaxSwallowSize());
            to.setRelaxedQueryChars(from.getRelaxedQueryChars());
            to.setRelaxedPathChars(from.getRelaxedPathChars());
        }
    }
}
