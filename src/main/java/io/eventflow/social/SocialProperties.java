package io.eventflow.social;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param backfill how many of a person's latest activities enter the feed of someone who starts following
 *                 them (older ones stay out: a feed is news, not an archive)
 */
@ConfigurationProperties("eventflow.social")
record SocialProperties(@DefaultValue("100") int backfill) {
}
