package io.eventflow.identity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A wrong login-throttle setting stops the node at start, naming the setting. */
class LoginThrottleSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LoginThrottleProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void namesZeroFailuresAndAZeroBaseDelay() {
        context.withPropertyValues("eventflow.identity.login-throttle.failures-before-delay=0",
                "eventflow.identity.login-throttle.base-delay=0s").run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("eventflow.identity.login-throttle")
                            .hasMessageContaining("failuresBeforeDelay").hasMessageContaining("must be at least 1")
                            .hasMessageContaining("baseDelay").hasMessageContaining("must be at least 1s");
                });
    }

    @Test
    void namesAMaximumShorterThanTheBaseDelay() {
        context.withPropertyValues("eventflow.identity.login-throttle.base-delay=5m",
                "eventflow.identity.login-throttle.max-delay=1m").run(started -> assertThat(started.getStartupFailure())
                        .rootCause().hasMessageContaining("max-delay must not be shorter than base-delay"));
    }

    @Test
    void takesItsDefaultsWhenNothingIsSet() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            LoginThrottleProperties settings = started.getBean(LoginThrottleProperties.class);
            assertThat(settings.enabled()).isTrue();
            assertThat(settings.failuresBeforeDelay()).isEqualTo(5);
            assertThat(settings.baseDelay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(settings.maxDelay()).isEqualTo(Duration.ofMinutes(15));
            assertThat(settings.window()).isEqualTo(Duration.ofMinutes(15));
        });
    }
}
