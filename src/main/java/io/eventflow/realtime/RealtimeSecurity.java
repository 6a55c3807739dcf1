package io.eventflow.realtime;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import io.eventflow.identity.BrowserSessions;
import io.eventflow.platform.ratelimit.RateLimiter;
import io.eventflow.platform.web.ProblemResponses;

/**
 * The WebSocket handshakes' own filter chain. {@link Handshake} decides who connects (the {@code ?token=}, or the
 * web UI's signed-in user read from its session) and the allowed-origins check refuses other sites' pages, so the
 * handshake needs the session's security context and the rate limit — not the browser chain's CSRF token, saved
 * requests, logout or login filters, which it went through before (a handshake is a GET that changes nothing).
 * Fewer filters per handshake: 10,000 clients connect in a rush after a restart or a network blip.
 */
@Configuration(proxyBeanMethods = false)
class RealtimeSecurity {

    @Bean
    @Order(2)
    SecurityFilterChain realtimeHandshakes(HttpSecurity http, RateLimiter rateLimiter, BrowserSessions sessions,
            ProblemResponses problems) throws Exception {
        http.securityMatcher("/ws/**")
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                // reads the web UI's session to know its user; a handshake never creates one
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .authorizeHttpRequests(routes -> routes.anyRequest().permitAll())
                .addFilterBefore(rateLimiter.filter(), AuthorizationFilter.class)
                .addFilterBefore(malformedOrigins(problems), AuthorizationFilter.class)
                .addFilterAfter(sessions.guard(), SecurityContextHolderFilter.class); // an ended session connects as nobody
        return http.build();
    }

    /**
     * An {@code Origin} that is not a URL is refused here with a 403: Spring's allowed-origins check parses it and
     * threw, a 500 with a stack trace in the log for any client to cause.
     */
    private static jakarta.servlet.Filter malformedOrigins(ProblemResponses problems) {
        return new org.springframework.web.filter.OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.FilterChain chain)
                    throws jakarta.servlet.ServletException, java.io.IOException {
                String origin = request.getHeader("Origin");
                if (origin != null && !"null".equals(origin) && !wellFormed(origin)) {
                    problems.write(request, response, org.springframework.http.HttpStatus.FORBIDDEN,
                            "The Origin header is not a valid origin (scheme://host[:port])");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    static boolean wellFormed(String origin) {
        try {
            java.net.URI uri = new java.net.URI(origin);
            return uri.getScheme() != null && uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
