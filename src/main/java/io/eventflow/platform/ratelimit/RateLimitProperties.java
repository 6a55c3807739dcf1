package io.eventflow.platform.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Token-bucket limits per route group. A request takes one token from every group it matches,
 * so a login counts against both the strict {@code auth} group and the general write group.
 *
 * @param enabled switch for the whole mechanism
 * @param groups  group name to its routes and limits, matched in order
 */
@ConfigurationProperties("eventflow.rate-limit")
@Validated
public record RateLimitProperties(boolean enabled, Map<String, @Valid Group> groups) {

    public RateLimitProperties {
        groups = groups != null ? new LinkedHashMap<>(groups) : new LinkedHashMap<>();
    }

    /**
     * @param methods HTTP methods of the group, empty for all
     * @param paths   path patterns ({@code /api/v1/auth/login}, {@code /api/**})
     * @param per     whose bucket is charged: the client IP, or the user (the IP for anonymous calls)
     * @param limits  every limit must allow the request, e.g. 50 per hour and 200 per day
     */
    public record Group(List<String> methods, @NotEmpty(message = "names no path: give the paths the group limits")
            List<String> paths, Per per, List<@Valid Limit> limits) {
        public Group {
            methods = methods != null ? methods : List.of();
            paths = paths != null ? paths : List.of();
            per = per != null ? per : Per.USER;
            limits = limits != null ? limits : List.of();
        }
    }

    /**
     * A list set in one place (the command line, an environment variable) replaces the whole list of
     * {@code application.yml}: giving one field of a limit there leaves the other unset, which is named here rather
     * than found by the bucket library.
     *
     * @param capacity requests allowed per {@code period}, refilled gradually across the period
     */
    public record Limit(
            @Positive(message = "must be at least 1 (give capacity and period together: a list set in one place replaces the whole list)")
            long capacity,
            @NotNull(message = "is missing (give capacity and period together: a list set in one place replaces the whole list)")
            Duration period) {

        @AssertTrue(message = "period must be longer than zero")
        boolean isPeriodPositive() {
            return period == null || (!period.isNegative() && !period.isZero());
        }
    }

    public enum Per {
        IP, USER
    }
}
