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
 * On the compatibility port every path is an old API's path: {@code /events?id=1} there is seed 002's event, while on
 * the main port {@code /events} is the web UI. So requests arriving on that port are moved below
 * {@link CompatPaths#PREFIX} before anything routes them — security, rate limits and Spring MVC all see the prefixed
 * path, and one set of controllers serves both ports. WebSocket paths stay as they are: the feeds are EventFlow's own.
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
        int port = connector.localPort();
        if (port > 0 && request.getLocalPort() == port && !request.getRequestURI().startsWith("/ws/")) {
            chain.doFilter(new Prefixed(request), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    static boolean onCompatPort(HttpServletRequest request, CompatConnector connector) {
        return connector.localPort() > 0 && request.getLocalPort() == connector.localPort();
    }

    private static final class Prefixed extends HttpServletRequestWrapper {

        private final String uri;

        Prefixed(HttpServletRequest request) {
            super(request);
            this.uri = CompatPaths.PREFIX + request.getRequestURI();
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public String getServletPath() {
            return CompatPaths.PREFIX + super.getServletPath();
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = super.getRequestURL();
            int pathStart = url.indexOf("/", url.indexOf("//") + 2);
            return pathStart < 0 ? url.append(CompatPaths.PREFIX) : url.insert(pathStart, CompatPaths.PREFIX);
        }
    }
}
