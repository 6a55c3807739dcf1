package io.eventflow.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A wrong photo setting stops the node at start and names the setting, instead of failing uploads later. */
class MediaSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MediaProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void namesANegativeNumberOfDecodingThreads() {
        context.withPropertyValues("eventflow.media.max-concurrent-decodes=-1").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("eventflow.media")
                    .hasMessageContaining("maxConcurrentDecodes").hasMessageContaining("must be 0 (half the processors)");
        });
    }

    @Test
    void namesAZeroDecodeWaitAndATinyDecodingBudget() {
        context.withPropertyValues("eventflow.media.decode-wait=0s", "eventflow.media.max-decoded-bytes=10B")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("decode-wait must be longer than zero")
                        .hasMessageContaining("max-decoded-bytes must be at least 1KB"));
    }

    @Test
    void startsWithTheDefaultsAndHalfTheProcessorsForDecoding() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            MediaProperties media = started.getBean(MediaProperties.class);
            assertThat(media.decodeThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
            assertThat(media.maxDecodedBytes()).isEqualTo(MediaProperties.DEFAULT_MAX_DECODED_BYTES);
        });
    }
}
