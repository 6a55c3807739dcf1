package io.eventflow.social;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDirectory.UserSummary;
import io.eventflow.identity.UserDirectory;
import io.eventflow.identity.UserNotFound;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.social.ActivityLog.Recorded;
import io.eventflow.social.FollowRepository.Entry;
import io.eventflow.social.SocialEvents.UserFollowed;

@Service
class SocialService implements Social {

    private final FollowRepository follows;
    private final ActivityLog activities;
    private final UserDirectory users;
    private final IdGenerator ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final SocialProperties properties;

    SocialService(FollowRepository follows, ActivityLog activities, UserDirectory users, IdGenerator ids, Clock clock,
            ApplicationEventPublisher events, SocialProperties properties) {
        this.follows = follows;
        this.activities = activities;
        this.users = users;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        this.properties = properties;
    }

    @Override
    @Transactional
    public void follow(CurrentUser follower, UUID userId) {
        if (follower.id().equals(userId)) {
            throw InvalidInput.field("id", "you cannot follow yourself");
        }
        requireUser(userId);
        Instant now = clock.instant();
        if (!follows.add(follower.id(), userId, now)) {
            return;
        }
        activities.record(new Recorded(ids.next(), ActivityTypes.followKey(follower.id(), userId), ActivityTypes.FOLLOW,
                follower.id(), null, null, userId, null, now));
        activities.backfill(follower.id(), userId, properties.backfill());
        events.publishEvent(new UserFollowed(follower.id(), userId, now));
    }

    @Override
    @Transactional
    public void unfollow(CurrentUser follower, UUID userId) {
        if (follower.id().equals(userId)) {
            throw InvalidInput.field("id", "you cannot follow yourself");
        }
        requireUser(userId);
        if (follows.remove(follower.id(), userId)) {
            activities.remove(ActivityTypes.followKey(follower.id(), userId));
            activities.forget(follower.id(), userId);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public boolean isFollowing(UUID followerId, UUID userId) {
        return follows.exists(followerId, userId);
    }

    @Override
    @Transactional(readOnly = true)
    public PageView<Follow> followers(UUID userId, Paging paging) {
        requireUser(userId);
        return page(follows.followers(userId, paging.size(), paging.offset()), paging, follows.countFollowers(userId));
    }

    @Override
    @Transactional(readOnly = true)
    public PageView<Follow> following(UUID userId, Paging paging) {
        requireUser(userId);
        return page(follows.following(userId, paging.size(), paging.offset()), paging, follows.countFollowing(userId));
    }

    @Override
    @Transactional(readOnly = true)
    public FollowCounts counts(UUID userId) {
        return new FollowCounts(follows.countFollowers(userId), follows.countFollowing(userId));
    }

    @Override
    @Transactional(readOnly = true)
    public FeedPage feed(CurrentUser reader, @Nullable String cursor, Integer size) {
        int limit = Paging.of(0, size).size();
        UUID before = FeedCursor.decode(cursor);
        List<Recorded> rows = activities.feed(reader.id(), before, limit + 1);
        boolean more = rows.size() > limit;
        List<Recorded> shown = more ? rows.subList(0, limit) : rows;
        Set<UUID> people = new HashSet<>();
        shown.forEach(a -> {
            people.add(a.actorId());
            if (a.subjectUserId() != null) {
                people.add(a.subjectUserId());
            }
        });
        Map<UUID, UserSummary> names = users.findAll(people);
        List<Activity> items = new ArrayList<>(shown.size());
        for (Recorded a : shown) {
            // an account deleted a moment ago may still have rows until its clean-up ran: never show it
            UserSummary actor = names.get(a.actorId());
            UUID subjectId = a.subjectUserId();
            UserSummary subject = subjectId == null ? null : names.get(subjectId);
            if (actor == null || (subjectId != null && subject == null)) {
                continue;
            }
            UUID eventId = a.eventId();
            EventRef event = eventId == null ? null : new EventRef(eventId, a.eventTitle());
            UserRef user = subject == null ? null : ref(subject);
            items.add(new Activity(a.id(), a.type(), ref(actor), event, user, a.photoId(), a.occurredAt()));
        }
        return new FeedPage(items, limit, more ? FeedCursor.encode(shown.getLast().id()) : null);
    }

    private PageView<Follow> page(List<Entry> entries, Paging paging, long total) {
        Map<UUID, UserSummary> names = users.findAll(entries.stream().map(Entry::userId).toList());
        List<Follow> items = entries.stream().filter(e -> names.containsKey(e.userId()))
                .map(e -> new Follow(e.userId(), Objects.requireNonNull(names.get(e.userId()), "filtered").username(),
                        e.since()))
                .toList();
        return new PageView<>(items, paging.page(), paging.size(), total);
    }

    private void requireUser(UUID userId) {
        if (users.find(userId).isEmpty()) {
            throw new UserNotFound(userId);
        }
    }

    private static UserRef ref(UserSummary user) {
        return new UserRef(user.id(), user.username());
    }
}
