package io.eventflow.social;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * The social module's public API: who follows whom, and the activity feed. The REST controller and the
 * web UI both go through it. Refusals are {@link io.eventflow.platform.domain.DomainException}s.
 */
public interface Social {

    /** Idempotent: following someone already followed changes nothing. */
    void follow(CurrentUser follower, UUID userId);

    /** Idempotent: unfollowing someone not followed changes nothing. */
    void unfollow(CurrentUser follower, UUID userId);

    boolean isFollowing(UUID followerId, UUID userId);

    /** Who follows the user, most recent first. */
    PageView<Follow> followers(UUID userId, Paging paging);

    /** Whom the user follows, most recent first. */
    PageView<Follow> following(UUID userId, Paging paging);

    FollowCounts counts(UUID userId);

    /**
     * The reader's feed: activities of the people they follow and their own, newest first. {@code cursor} is
     * the {@link FeedPage#nextCursor()} of the previous page, or null for the newest.
     */
    FeedPage feed(CurrentUser reader, @Nullable String cursor, Integer size);

    /** A user in a follow list, with when the follow began. */
    record Follow(UUID id, String username, Instant since) {
    }

    record FollowCounts(long followers, long following) {
    }

    /** A page of the feed; {@code nextCursor} is null on the last page. */
    record FeedPage(List<Activity> items, int size, @Nullable String nextCursor) {
    }

    /**
     * One thing someone did. {@code type} is {@code event_created}, {@code rsvp}, {@code photo_uploaded} or
     * {@code follow}; {@code event} is set for the first three, {@code user} (who was followed) for the last,
     * {@code photoId} for uploads.
     */
    record Activity(UUID id, String type, UserRef actor, @Nullable EventRef event, @Nullable UserRef user,
            @Nullable UUID photoId, Instant occurredAt) {
    }

    record UserRef(UUID id, String username) {
    }

    record EventRef(UUID id, @Nullable String title) {
    }
}
