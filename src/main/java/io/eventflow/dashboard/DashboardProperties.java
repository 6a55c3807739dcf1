package io.eventflow.dashboard;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param pushDelay how long changes of one event are gathered into one {@code dashboard_changed} signal: a rush of
 *                  1,000 bookings costs the watching dashboards one read per this delay, not 1,000
 */
@ConfigurationProperties("eventflow.dashboard")
@Validated
record DashboardProperties(
        @DurationMin(message = "must not be negative") @DurationMax(minutes = 1, message = "must be at most 1 minute") Duration pushDelay) {

    DashboardProperties {
        pushDelay = pushDelay != null ? pushDelay : Duration.ofSeconds(1);
    }
}
