package io.eventflow.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param reminderLead  how long before an event starts its participants are reminded
 * @param reminderEvery how often the reminder job looks for events coming up
 */
@ConfigurationProperties("eventflow.notification")
record NotificationProperties(Duration reminderLead, Duration reminderEvery) {

    NotificationProperties {
        reminderLead = reminderLead != null ? reminderLead : Duration.ofMinutes(30);
        reminderEvery = reminderEvery != null ? reminderEvery : Duration.ofMinutes(1);
    }
}
