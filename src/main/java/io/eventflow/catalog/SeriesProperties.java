package io.eventflow.catalog;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxOccurrences how many occurrences of one series may lie ahead (not yet started) at once; a longer or
 *                       endless rule gets the rest created as earlier ones pass
 * @param horizon        how far ahead of now occurrences are created
 * @param materialiseEvery how often a node looks for series whose next occurrences are due to be created
 * @param maxTotal       the most occurrences a rule with an end (COUNT or UNTIL) may give: more is almost surely a
 *                       slip (COUNT=10000 is a daily event for 27 years) and is refused; an endless rule is the
 *                       organizer's stated intent and is not bounded by it, only created {@code maxOccurrences} ahead
 */
@ConfigurationProperties("eventflow.catalog.series")
@Validated
record SeriesProperties(
        @Min(value = 1, message = "must be 1 or more") @Max(value = 1000, message = "must be at most 1000 (one transaction creates them)")
        Integer maxOccurrences,
        @DurationMin(days = 1, message = "must be at least a day") Duration horizon,
        @DurationMin(seconds = 1, message = "must be at least a second") Duration materialiseEvery,
        @Min(value = 1, message = "must be 1 or more") @Max(value = 100_000, message = "must be at most 100000") Integer maxTotal) {

    SeriesProperties {
        maxOccurrences = maxOccurrences != null ? maxOccurrences : 200;
        horizon = horizon != null ? horizon : Duration.ofDays(730);
        materialiseEvery = materialiseEvery != null ? materialiseEvery : Duration.ofHours(1);
        maxTotal = maxTotal != null ? maxTotal : 1000;
    }
}
