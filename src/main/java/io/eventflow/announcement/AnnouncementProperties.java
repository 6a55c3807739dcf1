package io.eventflow.announcement;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How many announcements an organizer may send per event: each reaches every participant by mail, so the limit
 * protects their inboxes and the mail queue. A token bucket per organizer and event, shared by all nodes.
 *
 * @param burst  announcements in a row
 * @param period how long an empty bucket takes to fill up again (gradually)
 */
@ConfigurationProperties("eventflow.announcement")
@Validated
record AnnouncementProperties(@Min(value = 1, message = "must be at least 1") Integer burst,
        @DurationMin(seconds = 1, message = "must be at least one second") Duration period) {

    AnnouncementProperties {
        burst = burst != null ? burst : 5;
        period = period != null ? period : Duration.ofHours(1);
    }
}
