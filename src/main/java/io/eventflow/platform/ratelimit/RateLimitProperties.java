package io.eventflow.platform.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token-bucket limits per route group. A request takes one token from every group it matches,
 * so a login counts against both the strict {@code auth} group and the general write group.
 *
 * @param enabled switch for the whole mechanism
 * @param groups  group name to its routes and limits, matched in order
 */
@ConfigurationProperties("eventflow.rate-limit")
public record RateLimitProperties(boolean enabled, Map<String, Group> groups) {

    public RateLimitProperties {
        groups = groups != null ? new LinkedHashMap<>(groups) : new LinkedHashMap<>();
    }

    /**
     * @param methods HTTP methods of the group, empty for all
     * @param paths   path patterns ({@code /api/v1/auth/login}, {@code /api/**})
     * @param per     whose bucket is charged: the client IP, or the user (the IP for anonymous calls)
     * @param limits  every limit must allow the request, e.g. 50 per hour and 200 per day
     */
    public record Group(List<String> methods, List<String> paths, Per per, List<Limit> limits) {
        public Group {
            methods = methods != null ? methods : List.of();
            paths = paths != null ? paths : List.of();
            per = per != null ? per : Per.USER;
            limits = limits != null ? limits : List.of();
        }
    }

    /** @param capacity requests allowed per {@code period}, refilled gradually across the period */
    public record Limit(long capacity, Duration period) {
    }

    public enum Per {
        IP, USER
    }
}
