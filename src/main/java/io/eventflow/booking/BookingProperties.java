package io.eventflow.booking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param arrivalOpensBefore how long before the start an arrival is accepted (the window closes at the end)
 */
@ConfigurationProperties("eventflow.booking")
record BookingProperties(Duration arrivalOpensBefore) {

    BookingProperties {
        arrivalOpensBefore = arrivalOpensBefore != null ? arrivalOpensBefore : Duration.ofHours(1);
    }
}
