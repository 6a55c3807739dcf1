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
 * @param offerSweepEvery     how often each node looks for waiting-list offers whose time is up ({@link OfferExpiry});
 *                            an offer outlives its deadline by at most this long (it cannot be accepted after it)
 */
@ConfigurationProperties("eventflow.booking")
@Validated
record BookingProperties(@DurationMin(message = "must not be negative (0 opens arrivals at the start)") Duration arrivalOpensBefore,
        @Min(value = 0, message = "must be 0 (no limit) or more") Integer perEventConcurrency,
        @DurationMin(millis = 1, message = "must be longer than zero") Duration gateWait,
        @DurationMin(seconds = 1, message = "must be at least 1s") Duration offerSweepEvery) {

    BookingProperties {
        arrivalOpensBefore = arrivalOpensBefore != null ? arrivalOpensBefore : Duration.ofHours(1);
        perEventConcurrency = perEventConcurrency != null ? perEventConcurrency : 2;
        gateWait = gateWait != null ? gateWait : Duration.ofSeconds(30);
        offerSweepEvery = offerSweepEvery != null ? offerSweepEvery : Duration.ofSeconds(15);
    }
}
