package io.eventflow.social;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * @param backfill how many of a person's latest activities enter the feed of someone who starts following
 *                 them (older ones stay out: a feed is news, not an archive)
 */
@ConfigurationProperties("eventflow.social")
@Validated
record SocialProperties(@Min(value = 0, message = "must be between 0 and 10000")
        @Max(value = 10_000, message = "must be between 0 and 10000") @DefaultValue("100") int backfill) {
}
