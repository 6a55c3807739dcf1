package io.eventflow.audit;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long an entry is kept; older ones are deleted by {@link AuditRetention} (at least a day, so a
 *                  typo such as {@code 365s} stops the node at start instead of emptying the log)
 */
@ConfigurationProperties("eventflow.audit")
@Validated
record AuditProperties(@DurationMin(days = 1, message = "must be at least 1 day") Duration retention) {

    AuditProperties {
        retention = retention != null ? retention : Duration.ofDays(365);
    }
}
