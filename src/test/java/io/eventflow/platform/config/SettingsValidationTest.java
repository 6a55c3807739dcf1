package io.eventflow.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.validation.annotation.Validated;

/**
 * A mistake in an {@code eventflow.*} setting stops the node at start with a report that names the setting, as it is
 * written in {@code application.yml} or on the command line, and says what is allowed: one test per kind of mistake.
 * Every settings class is bound here, with the shipped {@code application.yml}, as the application binds them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsValidationTest {

    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan("io.eventflow")
    @ImportAutoConfiguration(ValidationAutoConfiguration.class)
    static class EverySetting {
    }

    private static ConfigurableApplicationContext start(String... settings) {
        SpringApplication application = new SpringApplication(EverySetting.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(settings);
    }

    /** What a user reads when the node refuses to start: Spring Boot's failure analysis, written to the log. */
    private static String refusal(CapturedOutput output, String... settings) {
        assertThatThrownBy(() -> start(settings)).as("the node must refuse to start with %s", List.of(settings))
                .isNotNull();
        String all = output.getAll();
        int report = all.lastIndexOf("APPLICATION FAILED TO START");
        assertThat(report).as("a failure analysis is printed").isNotNegative();
        return all.substring(report);
    }

    @Test
    void startsWithTheSettingsAsShipped() {
        try (ConfigurableApplicationContext started = start()) {
            assertThat(started.isActive()).isTrue();
        }
    }

    @Test
    void namesANumberOutOfRangeAndTheAllowedRange(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.identity.bcrypt-strength=40"))
                .contains("eventflow.identity.bcrypt-strength").contains("must be between 4 and 31");
    }

    @Test
    void namesAWebhookTimeoutOutOfItsRange(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.webhook.read-timeout=10ms"))
                .contains("eventflow.webhook.read-timeout").contains("must be at least 100 ms");
        assertThat(refusal(output, "--eventflow.webhook.max-attempts=0"))
                .contains("eventflow.webhook.max-attempts").contains("must be between 1 and 50");
    }

    @Test
    void refusesANegativeValueInsteadOfQuietlyReplacingIt(CapturedOutput output) {
        // it used to fall back to the default: a typo'd minus sign went unnoticed
        assertThat(refusal(output, "--eventflow.identity.password-reset-mails-per-hour=-3"))
                .contains("eventflow.identity.password-reset-mails-per-hour").contains("must be at least 1");
    }

    @Test
    void namesADurationThatMustBeLongerThanZero(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.booking.gate-wait=0s"))
                .contains("eventflow.booking.gate-wait").contains("must be longer than zero");
    }

    @Test
    void namesADurationOutsideItsBounds(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.dashboard.push-delay=5m"))
                .contains("eventflow.dashboard.push-delay").contains("must be at most 1 minute");
        assertThat(refusal(output, "--eventflow.dashboard.push-delay=-1s"))
                .contains("eventflow.dashboard.push-delay").contains("must not be negative");
    }

    @Test
    void refusesASeriesCapOrHorizonOutOfRange(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.catalog.series.max-occurrences=5000"))
                .contains("eventflow.catalog.series.max-occurrences").contains("must be at most 1000");
        assertThat(refusal(output, "--eventflow.catalog.series.horizon=2h"))
                .contains("eventflow.catalog.series.horizon").contains("must be at least a day");
    }

    @Test
    void refusesAnOfferSweepSoOftenItWouldSpinOnTheDatabase(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.booking.offer-sweep-every=100ms"))
                .contains("eventflow.booking.offer-sweep-every").contains("must be at least 1s");
    }

    @Test
    void namesAValueOfTheWrongType(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.notification.max-attempts=five"))
                .contains("eventflow.notification.max-attempts").contains("\"five\"").contains("failed to convert");
    }

    @Test
    void listsTheChoicesOfAnUnknownChoice(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.compat.anonymous-writes=sometimes"))
                .contains("eventflow.compat.anonymous-writes").contains("LOOPBACK").contains("NEVER").contains("ALWAYS");
    }

    @Test
    void namesALinkBaseThatIsNotAnAbsoluteAddress(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.notification.base-url=events.example.com"))
                .contains("eventflow.notification.base-url").contains("must be an absolute http(s) address");
    }

    @Test
    void namesBothSettingsWhenTheyContradictEachOther(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.realtime.heartbeat=2m"))
                .contains("eventflow.realtime.heartbeat must be shorter than eventflow.realtime.idle-timeout");
        assertThat(refusal(output, "--eventflow.outbox.retry-base=2h"))
                .contains("eventflow.outbox.max-backoff must not be shorter than eventflow.outbox.retry-base");
    }

    @Test
    void namesASizeOutsideItsBounds(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.realtime.max-frame-size=10MB"))
                .contains("eventflow.realtime.max-frame-size must be between 1KB and 1MB");
    }

    @Test
    void namesASenderThatIsNotAnAddress(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.mail.from=EventFlow no-reply"))
                .contains("eventflow.mail.from must be one e-mail address");
    }

    @Test
    void namesAPortOutOfRange(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.compat.v1-port=70000"))
                .contains("eventflow.compat.v1-port").contains("must be a port (1-65535), 0 for a free one, or -1 for none");
    }

    @Test
    void namesAPublicAddressThatIsNotOne(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.public-url=https://events.example.com/?from=mail"))
                .contains("eventflow.public-url must be an absolute http(s) address without query or fragment");
    }

    @Test
    void namesAnAnnouncementAllowanceThatWouldRefuseEveryAnnouncement(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.announcement.burst=0"))
                .contains("eventflow.announcement.burst").contains("must be at least 1");
        assertThat(refusal(output, "--eventflow.announcement.period=0s"))
                .contains("eventflow.announcement.period").contains("must be at least one second");
    }

    /** A settings class added without {@code @Validated} would let its mistakes through unnamed. */
    @Test
    void namesATileAddressWithoutItsPlaceholders(CapturedOutput output) {
        assertThat(refusal(output, "--eventflow.web.map.tile-url=https://tiles.example.org/tile.png"))
                .contains("eventflow.web.map.tile-url").contains("must be an http(s) address with {z}, {x} and {y}");
    }

    @Test
    void everySettingsClassIsValidated() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> found = new java.util.ArrayList<>();
        List<String> unvalidated = new java.util.ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.eventflow")) {
            Class<?> settings = Class.forName(candidate.getBeanClassName());
            found.add(settings.getName());
            if (!settings.isAnnotationPresent(Validated.class)) {
                unvalidated.add(settings.getName());
            }
        }
        assertThat(found).as("the scan finds the settings classes").hasSizeGreaterThan(10);
        assertThat(unvalidated).as("settings classes without @Validated").isEmpty();
    }
}
