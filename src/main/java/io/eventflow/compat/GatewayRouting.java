package io.eventflow.compat;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.eventflow.identity.BrowserSessions;

/**
 * Seed 003's clients call its gateway at the root of port 8080 — {@code /events}, {@code /events/{id}},
 * {@code /users/me} — where EventFlow's web UI has its pages. This is the one place that decides who gets which, per
 * request, in this order:
 * <ol>
 * <li>a path that is not one of seed 003's routes: EventFlow, untouched;</li>
 * <li>{@code HX-Request} present (htmx sends no {@code Accept} of its own: the live search arrives with {@code *}/{@code *}):
 * the web UI;</li>
 * <li>{@code Accept} naming {@code text/html} explicitly (every browser navigation and form post): the web UI;</li>
 * <li>the web UI's session cookie without an {@code Authorization} header (a signed-in browser's own scripts:
 * {@code fetch()} sends {@code *}/{@code *}; seed 003's clients hold no session, they send bearer tokens): the web
 * UI;</li>
 * <li>anything else — curl's {@code *}/{@code *}, Python's requests, a JSON body, a bearer token: seed 003's API,
 * moved below {@link CompatPaths#GATEWAY_PREFIX}.</li>
 * </ol>
 * Answers on these paths, either way, say {@code Vary: Accept, HX-Request, Cookie}, so no cache hands JSON to a
 * browser.
 */
@Component
@CompatEnabled
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // before DialectErrors: it must find the door marked to reshape the errors
class GatewayRouting extends OncePerRequestFilter {

    /** Seed 003's routes, as its README lists them (every method: a wrong one gets its 405 in its dialect). */
    static final List<PathPattern> ROUTES = parse("/auth/register", "/auth/login", "/auth/validate", "/users/me",
            "/users/{id}/bookings", "/events", "/events/{id}", "/events/{id}/bookings", "/bookings",
            "/bookings/user/{id}", "/notifications/status/{id}");

    private final CompatConnector connector;
    private final BrowserSessions sessions;

    GatewayRouting(CompatConnector connector, BrowserSessions sessions) {
        this.connector = connector;
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (connector.doorAt(request.getLocalPort()) != null || !isGatewayRoute(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        response.addHeader(HttpHeaders.VARY, "HX-Request");
        response.addHeader(HttpHeaders.VARY, HttpHeaders.COOKIE);
        if (isForTheWebUi(request, sessions.presentsCookie(request))) {
            chain.doFilter(request, response);
            return;
        }
        Door.GATEWAY.mark(request);
        chain.doFilter(new CompatPortRouting.Prefixed(request, Door.GATEWAY.prefix()), response);
    }

    static boolean isGatewayRoute(String uri) {
        PathContainer path = PathContainer.parsePath(uri);
        return ROUTES.stream().anyMatch(route -> route.matches(path));
    }

    /**
     * @param sessionCookie whether the request carries the web UI's session cookie: read by name from the header (this
     *        filter runs before the session filter), not looked up in the session store
     */
    static boolean isForTheWebUi(HttpServletRequest request, boolean sessionCookie) {
        if (request.getHeader("HX-Request") != null) {
            return true;
        }
        return acceptsHtml(request.getHeader(HttpHeaders.ACCEPT))
                || sessionCookie && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    }

    private static boolean acceptsHtml(@Nullable String accept) {
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.getType().equals("text") && type.getSubtype().equals("html")
                            && type.getQualityValue() > 0);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static List<PathPattern> parse(String... patterns) {
        return java.util.Arrays.stream(patterns).map(PathPatternParser.defaultInstance::parse).toList();
    }
}
