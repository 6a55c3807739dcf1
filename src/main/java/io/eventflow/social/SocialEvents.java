package io.eventflow.social;

import java.time.Instant;
import java.util.UUID;

/** Domain events of the social module (a new follower can be told so). */
public final class SocialEvents {

    private SocialEvents() {
    }

    public record UserFollowed(UUID followerId, UUID followeeId, Instant occurredAt) {
    }
}
