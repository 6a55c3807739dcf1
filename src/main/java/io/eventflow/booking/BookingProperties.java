package io.eventflow.booking;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;

/**
 * @param arrivalOpensBefore  how long before the start an arrival is accepted (the window closes at the end)
 * @param perEventConcurrency bookings of one event in their transaction at once per node ({@link EventGate}); 0 = no limit
 * @param gateWait            how long a booking may wait for its turn before it is answered 503
 */
@ConfigurationProperties("eventflow.booking")
@Validated
record BookingProperties(@DurationMin(message = "must not be negative (0 opens arrivals at the start)") Duration arrivalOpensBefore,
        @Min(value = 0, message = "must be 0 (no limit) or more") Integer perEventConcurrency,
        @DurationMin(millis = 1, message = "must be longer than zero") Duration gateWait) {

    BookingProperties {
        arrivalOpensBefore = arrivalOpensBefore != null ? arrivalOpensBefore : Duration.ofHours(1);
        perEventConcurrency = perEventConcurrency != null ? perEventConcurrency : 2;
        gateWait = gateWait != null ? gateWait : Duration.ofSeconds(30);
    }
}
