package io.eventflow.notification;

import java.time.Duration;
import java.util.Locale;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * @param reminderLead  how long before an event starts its participants are reminded
 * @param reminderEvery how often the reminder job looks for events coming up
 * @param baseUrl       where the web UI is, for links in mails
 * @param maxAttempts   e-mail delivery attempts before a notification is {@code failed}
 * @param retryBase     wait before the second attempt; it doubles with each further one
 * @param dispatchEvery how often due e-mails are looked for
 * @param lease         how long a handed-out e-mail job may take before it is handed out again (a lost queue
 *                      message, a node that died mid-attempt)
 * @param locale        the language of notifications: {@code messages/notifications_<locale>.properties}, falling
 *                      back to {@code messages/notifications.properties} (English) for what it does not have
 */
@ConfigurationProperties("eventflow.notification")
@Validated
record NotificationProperties(
        @DurationMin(minutes = 1, message = "must be at least 1 minute") Duration reminderLead,
        @DurationMin(seconds = 1, message = "must be at least 1 second") Duration reminderEvery,
        @Pattern(regexp = "https?://[^\\s/?#]+\\S*", message = "must be an absolute http(s) address, e.g. https://events.example.com "
                + "(unset, it is eventflow.public-url)")
        String baseUrl,
        @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100, message = "must be between 1 and 100")
        Integer maxAttempts,
        @DurationMin(millis = 100, message = "must be at least 100 ms") Duration retryBase,
        @DurationMin(millis = 10, message = "must be at least 10 ms") Duration dispatchEvery,
        @DurationMin(seconds = 1, message = "must be at least 1 second: an e-mail attempt must fit in it") Duration lease,
        Locale locale) {

    NotificationProperties {
        reminderLead = reminderLead != null ? reminderLead : Duration.ofMinutes(30);
        reminderEvery = reminderEvery != null ? reminderEvery : Duration.ofMinutes(1);
        baseUrl = baseUrl != null && !baseUrl.isBlank() ? baseUrl.replaceAll("/+$", "") : "http://localhost:8080";
        maxAttempts = maxAttempts != null ? maxAttempts : 5;
        retryBase = retryBase != null ? retryBase : Duration.ofSeconds(30);
        dispatchEvery = dispatchEvery != null ? dispatchEvery : Duration.ofSeconds(1);
        lease = lease != null ? lease : Duration.ofMinutes(2);
        locale = locale != null ? locale : Locale.ENGLISH;
    }
}
