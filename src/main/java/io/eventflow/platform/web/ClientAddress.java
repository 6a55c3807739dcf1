package io.eventflow.platform.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Where a request comes from. {@link HttpServletRequest#getRemoteAddr()} is the client as the trusted proxies
 * report it ({@code server.tomcat.remoteip.internal-proxies}, loopback only unless configured); the connection's own
 * peer is kept aside by a valve, since Tomcat replaces the remote address before the application sees it.
 */
public final class ClientAddress {

    static final String PEER_ATTRIBUTE = ClientAddress.class.getName() + ".peer";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.%]+");

    private ClientAddress() {
    }

    /**
     * True when the request surely comes from this machine: the TCP peer is a loopback address, and so is the client
     * any trusted proxy forwarded it for. A forwarded address from an untrusted peer never counts.
     */
    public static boolean isThisMachine(HttpServletRequest request) {
        Object peer = request.getAttribute(PEER_ATTRIBUTE);
        return peer instanceof String address && isLoopback(address) && isLoopback(request.getRemoteAddr());
    }

    static boolean isLoopback(@Nullable String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            return false; // never a name lookup
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Records the connection's peer address before anything can rewrite the remote address. */
    static final class PeerAddressValve extends ValveBase {

        PeerAddressValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(PEER_ATTRIBUTE, request.getPeerAddr());
            getNext().invoke(request, response);
        }
    }

    @Component
    static class PeerAddressCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addEngineValves(new PeerAddressValve());
        }
    }
}
