package io.eventflow.booking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param arrivalOpensBefore  how long before the start an arrival is accepted (the window closes at the end)
 * @param perEventConcurrency bookings of one event in their transaction at once per node ({@link EventGate}); 0 = no limit
 * @param gateWait            how long a booking may wait for its turn before it is answered 503
 */
@ConfigurationProperties("eventflow.booking")
record BookingProperties(Duration arrivalOpensBefore, Integer perEventConcurrency, Duration gateWait) {

    BookingProperties {
        arrivalOpensBefore = arrivalOpensBefore != null ? arrivalOpensBefore : Duration.ofHours(1);
        perEventConcurrency = perEventConcurrency != null ? perEventConcurrency : 2;
        gateWait = gateWait != null ? gateWait : Duration.ofSeconds(30);
    }
}
