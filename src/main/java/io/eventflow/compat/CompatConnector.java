package io.eventflow.compat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.catalina.LifecycleState;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The old APIs' own ports, as their READMEs say: {@code eventflow.compat.port} (8000, seeds 000-002) and
 * {@code eventflow.compat.v1-port} (5000, seed 004). Each is a further Tomcat connector in front of the same
 * application: same filters, security, WebSockets and graceful shutdown. They are added once the main server runs, so
 * a port that is taken costs a warning, never the node: compatibility must not stop EventFlow from starting.
 */
@Component
@CompatEnabled
class CompatConnector {

    private static final Logger log = LoggerFactory.getLogger(CompatConnector.class);

    private final CompatProperties properties;
    private final Map<Integer, Door> doorsByPort = new ConcurrentHashMap<>();
    private final Map<Door, Integer> portsByDoor = new ConcurrentHashMap<>();

    CompatConnector(CompatProperties properties) {
        this.properties = properties;
    }

    /** The port seeds 000-002 are served on, or -1 while there is none (turned off, or the port was taken). */
    int localPort() {
        return localPort(Door.OLD_APIS);
    }

    int localPort(Door door) {
        return portsByDoor.getOrDefault(door, -1);
    }

    /** The door a connection to this local port comes through, if it is one of the compatibility ports. */
    @Nullable Door doorAt(int localPort) {
        return doorsByPort.get(localPort);
    }

    @EventListener
    void on(WebServerInitializedEvent initialized) {
        if (!(initialized.getWebServer() instanceof TomcatWebServer server)
                || initialized.getApplicationContext().getServerNamespace() != null) { // not the management server
            return;
        }
        open(server, Door.OLD_APIS, properties.port(), "eventflow.compat.port", "seeds 000-002");
        open(server, Door.V1_API, properties.v1Port(), "eventflow.compat.v1-port", "seed 004");
    }

    private void open(TomcatWebServer server, Door door, int port, String setting, String what) {
        if (port < 0) {
            return;
        }
        Service service = server.getTomcat().getService();
        Connector main = server.getTomcat().getConnector();
        Connector connector = new Connector(main.getProtocolHandlerClassName());
        connector.setPort(port);
        connector.setThrowOnFailure(true);
        copySettings(main, connector);
        try {
            service.addConnector(connector);
        } catch (RuntimeException e) {
            log.debug("Compatibility connector failed to start", e);
        }
        if (connector.getState() != LifecycleState.STARTED) {
            log.warn("Port {} for the compatibility APIs of {} ({}) could not be opened: it is probably in use. "
                    + "EventFlow runs without it; those routes still answer under {} on port {}.",
                    port, what, setting, door.prefix(), server.getPort());
            service.removeConnector(connector);
            return;
        }
        doorsByPort.put(connector.getLocalPort(), door);
        portsByDoor.put(door, connector.getLocalPort());
        log.info("Compatibility APIs of {} listening on port {}", what, connector.getLocalPort());
    }

    /** The limits Boot applied to the main connector from {@code server.*} apply here too. */
    private static void copySettings(Connector main, Connector connector) {
        connector.setMaxPostSize(main.getMaxPostSize());
        connector.setMaxParameterCount(main.getMaxParameterCount());
        connector.setURIEncoding(main.getURIEncoding());
        if (main.getProtocolHandler() instanceof AbstractProtocol<?> from
                && connector.getProtocolHandler() instanceof AbstractProtocol<?> to) {
            to.setExecutor(from.getExecutor()); // virtual threads when enabled, as on the main port
            to.setAddress(from.getAddress()); // server.address: e.g. loopback only behind a local nginx
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
