package io.eventflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The retention is a year unless set, and a retention that would empty the log stops the node with its name. */
class AuditSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AuditProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void keepsEntriesForAYearByDefault() {
        context.run(started -> assertThat(started.getBean(AuditProperties.class).retention()).isEqualTo(Duration.ofDays(365)));
    }

    @Test
    void takesARetentionInDays() {
        context.withPropertyValues("eventflow.audit.retention=730d")
                .run(started -> assertThat(started.getBean(AuditProperties.class).retention()).isEqualTo(Duration.ofDays(730)));
    }

    @Test
    void refusesARetentionShorterThanADay() {
        for (String retention : new String[] {"365s", "0s", "-1d"}) {
            context.withPropertyValues("eventflow.audit.retention=" + retention)
                    .run(started -> assertThat(started.getStartupFailure()).as(retention).rootCause()
                            .hasMessageContaining("eventflow.audit.retention").hasMessageContaining("must be at least 1 day"));
        }
    }
}
