package io.eventflow.platform.web;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.eventflow.platform.RequestOrigin;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token (a load balancer
 * may have set it), otherwise a new one. The id is echoed in the response, put in every log line of the
 * request and in every problem body, so a user's error report leads straight to the logs. With the client's address,
 * it is also the request's {@link RequestOrigin} for code that speaks no HTTP (the audit log).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    /**
     * A random version-4 UUID from the thread's own generator: a correlation id needs to be unique, not
     * unguessable, and {@code UUID.randomUUID()} draws every request from one shared SecureRandom.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Object assigned = request.getAttribute(MDC_KEY); // set already when this is the error dispatch of the request
        String incoming = request.getHeader(HEADER);
        String id = assigned != null ? assigned.toString()
                : incoming != null && ACCEPTABLE.matcher(incoming).matches() ? incoming : newId();
        request.setAttribute(MDC_KEY, id);
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        // the remote address is the client as the trusted proxies report it: RemoteIpValve ran before any filter
        try (RequestOrigin.Scope origin = RequestOrigin.open(new RequestOrigin(request.getRemoteAddr(), id))) {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** The id of the request being served, or null outside a request. */
    public static String current(HttpServletRequest request) {
        Object id = request.getAttribute(MDC_KEY);
        return id != null ? id.toString() : MDC.get(MDC_KEY);
    }
}
