package io.eventflow.notification;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
record NotificationProperties(Duration reminderLead, Duration reminderEvery, String baseUrl, Integer maxAttempts,
        Duration retryBase, Duration dispatchEvery, Duration lease, Locale locale) {

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
