package io.eventflow.compat;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a compatibility port every path is an old API's path: {@code /events?id=1} on port 8000 is seed 002's event,
 * while on the main port {@code /events} is the web UI. So requests arriving on such a port are moved below their
 * {@link Door}'s prefix before anything routes them — security, rate limits and Spring MVC all see the prefixed path,
 * and one set of controllers serves both ports. WebSocket paths stay as they are: the feeds and chat are EventFlow's
 * (and so do the few other paths {@link Door#passesThrough} names).
 */
@Component
@CompatEnabled
@Order(Ordered.HIGHEST_PRECEDENCE)
class CompatPortRouting extends OncePerRequestFilter {

    private final CompatConnector connector;

    CompatPortRouting(CompatConnector connector) {
        this.connector = connector;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Door door = connector.doorAt(request.getLocalPort());
        if (door == null) {
            chain.doFilter(request, response);
            return;
        }
        door.mark(request); // also for WebSockets: a refused handshake answers in the door's dialect
        chain.doFilter(door.passesThrough(request.getRequestURI()) ? request : new Prefixed(request, door.prefix()),
                response);
    }

    /** The request as if the client had asked for {@code prefix + path}. */
    static final class Prefixed extends HttpServletRequestWrapper {

        private final String prefix;
        private final String uri;

        Prefixed(HttpServletRequest request, String prefix) {
            super(request);
            this.prefix = prefix;
            this.uri = prefix + request.getRequestURI();
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public String getServletPath() {
            return prefix + super.getServletPath();
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = super.getRequestURL();
            int pathStart = url.indexOf("/", url.indexOf("//") + 2);
            return pathStart < 0 ? url.append(prefix) : url.insert(pathStart, prefix);
        }
    }
}
