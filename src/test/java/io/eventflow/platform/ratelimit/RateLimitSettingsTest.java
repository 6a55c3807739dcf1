package io.eventflow.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A mistake in a rate limit stops the node with the setting's name, not with the bucket library's stack trace. */
class RateLimitSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RateLimitProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void namesALimitGivenWithoutItsPeriod() {
        context.withPropertyValues("eventflow.rate-limit.groups.auth.paths=/api/v1/auth/login",
                "eventflow.rate-limit.groups.auth.limits[0].capacity=5").run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("eventflow.rate-limit").hasMessageContaining("groups[auth].limits[0].period")
                            .hasMessageContaining("is missing");
                });
    }

    @Test
    void namesACapacityOfZeroAndAPeriodOfZero() {
        context.withPropertyValues("eventflow.rate-limit.groups.writes.paths=/api/**",
                "eventflow.rate-limit.groups.writes.limits[0].capacity=0", "eventflow.rate-limit.groups.writes.limits[0].period=1m",
                "eventflow.rate-limit.groups.writes.limits[1].capacity=5", "eventflow.rate-limit.groups.writes.limits[1].period=0s")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("groups[writes].limits[0].capacity").hasMessageContaining("must be at least 1")
                        .hasMessageContaining("groups[writes].limits[1]").hasMessageContaining("period must be longer than zero"));
    }

    @Test
    void acceptsTheLimitsAsShipped() {
        context.withPropertyValues("eventflow.rate-limit.groups.auth.paths=/api/v1/auth/login",
                "eventflow.rate-limit.groups.auth.limits[0].capacity=10", "eventflow.rate-limit.groups.auth.limits[0].period=1m")
                .run(started -> assertThat(started).hasNotFailed());
    }
}
