package io.eventflow.platform.ratelimit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.eventflow.platform.web.ProblemResponses;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Applies {@link RateLimitProperties}. Runs inside the security filter chain, after the bearer token
 * is read, so that a signed-in user is limited as a user wherever they connect from.
 */
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final boolean enabled;
    private final List<CompiledGroup> groups = new ArrayList<>();
    private final BucketStore store;
    private final ProblemResponses problems;

    RateLimiter(RateLimitProperties properties, BucketStore store, ProblemResponses problems) {
        this.enabled = properties.enabled();
        this.store = store;
        this.problems = problems;
        for (Map.Entry<String, RateLimitProperties.Group> entry : properties.groups().entrySet()) {
            groups.add(new CompiledGroup(entry.getKey(), entry.getValue()));
        }
    }

    public Filter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (enabled && !admit(request, response)) {
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        long remaining = Long.MAX_VALUE;
        for (CompiledGroup group : groups) {
            if (!group.matches(method, path)) {
                continue;
            }
            ConsumptionProbe probe;
            try {
                probe = store.tryConsume(group.bucketKey(request), () -> group.configuration);
            } catch (RuntimeException e) {
                // A limiter outage must not become an API outage: admit, and say so loudly.
                log.warn("Rate limit store unavailable, admitting request: {}", e.toString());
                continue;
            }
            if (!probe.isConsumed()) {
                long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
                response.setHeader("Retry-After", Long.toString(retryAfter));
                response.setHeader("RateLimit-Remaining", "0");
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                        "Too many requests for '" + group.name + "'; retry in " + retryAfter + " s");
                problem.setTitle("Rate limit exceeded");
                problem.setProperty("retry_after_seconds", retryAfter);
                problems.write(request, response, problem);
                return false;
            }
            remaining = Math.min(remaining, probe.getRemainingTokens());
        }
        if (remaining != Long.MAX_VALUE) {
            response.setHeader("RateLimit-Remaining", Long.toString(remaining));
        }
        return true;
    }

    private static final class CompiledGroup {
        final String name;
        final List<String> methods;
        final List<PathPattern> paths;
        final RateLimitProperties.Per per;
        final BucketConfiguration configuration;

        CompiledGroup(String name, RateLimitProperties.Group group) {
            this.name = name;
            this.methods = group.methods().stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
            this.paths = group.paths().stream().map(PathPatternParser.defaultInstance::parse).toList();
            this.per = group.per();
            var builder = BucketConfiguration.builder();
            for (RateLimitProperties.Limit limit : group.limits()) {
                builder.addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()));
            }
            this.configuration = builder.build();
        }

        boolean matches(String method, PathContainer path) {
            // HEAD runs the GET handler in full (the search, the count): it is charged as a GET
            String charged = "HEAD".equals(method) ? "GET" : method;
            return (methods.isEmpty() || methods.contains(charged))
                    && (paths.isEmpty() || paths.stream().anyMatch(p -> p.matches(path)));
        }

        String bucketKey(HttpServletRequest request) {
            if (per == RateLimitProperties.Per.USER) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
                    return "rl:" + name + ":user:" + auth.getName();
                }
            }
            return "rl:" + name + ":ip:" + request.getRemoteAddr();
        }
    }
}
