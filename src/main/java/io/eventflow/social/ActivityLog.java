package io.eventflow.social;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.eventflow.platform.Vendor;

/**
 * Activities and their fan-out into feeds. Recording an activity writes one feed entry per reader with one
 * set-based INSERT ... SELECT over the actor's followers, in the recording transaction.
 */
@Repository
class ActivityLog {

    private static final String COLUMNS = "id, dedup_key, type, actor_id, event_id, event_title, subject_user_id, photo_id, occurred_at";

    private final NamedParameterJdbcTemplate jdbc;
    private final String insert;
    private final String claimKey;
    private final String retireKey;
    private final String shareLock;
    private final String keyShareLock;

    ActivityLog(NamedParameterJdbcTemplate jdbc, Vendor vendor) {
        this.jdbc = jdbc;
        this.insert = vendor.insertIfAbsent("activities", COLUMNS, "dedup_key");
        this.claimKey = vendor.insertIfAbsent("activity_keys", "dedup_key, removed", "dedup_key");
        this.retireKey = vendor.isPostgres()
                ? "INSERT INTO activity_keys (dedup_key, removed) VALUES (:key, TRUE) ON CONFLICT (dedup_key) DO UPDATE SET removed = TRUE"
                : "MERGE INTO activity_keys (dedup_key, removed) KEY (dedup_key) VALUES (:key, TRUE)";
        this.shareLock = vendor.isPostgres() ? " FOR SHARE" : ""; // H2: one node, row locks of its own
        this.keyShareLock = vendor.isPostgres() ? " FOR KEY SHARE OF a" : "";
    }

    /**
     * Stores the activity and puts it in the feeds of its actor, the actor's followers and the followed user
     * (for a follow). Returns false, writing nothing, if its dedup key was used before: a domain event delivered
     * twice records one activity, and one removed for good (see {@link #removeForGood}) does not come back.
     */
    boolean record(Recorded activity) {
        try {
            if (jdbc.update(claimKey, Map.of("dedup_key", activity.dedupKey(), "removed", false)) == 0) {
                return false;
            }
        } catch (DuplicateKeyException raced) { // H2's NOT EXISTS lost a race with the same key
            return false;
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", activity.id());
        row.put("dedup_key", activity.dedupKey());
        row.put("type", activity.type());
        row.put("actor_id", activity.actorId());
        row.put("event_id", activity.eventId());
        row.put("event_title", activity.eventTitle());
        row.put("subject_user_id", activity.subjectUserId());
        row.put("photo_id", activity.photoId());
        row.put("occurred_at", Timestamp.from(activity.occurredAt()));
        try {
            if (jdbc.update(insert, row) == 0) {
                return false;
            }
        } catch (DuplicateKeyException raced) { // H2's NOT EXISTS lost a race with the same delivery
            return false;
        }
        Map<String, Object> fan = Map.of("activity", activity.id(), "actor", activity.actorId());
        jdbc.update("INSERT INTO feed_entries (owner_id, activity_id, actor_id) VALUES (:actor, :activity, :actor)", fan);
        // The follow rows are share-locked: an unfollow of this actor waits for this transaction and then removes what it
        // wrote, instead of missing entries it could not see yet.
        jdbc.update("INSERT INTO feed_entries (owner_id, activity_id, actor_id) "
                + "SELECT follower_id, :activity, :actor FROM follows WHERE followee_id = :actor" + shareLock, fan);
        if (activity.subjectUserId() != null && !activity.subjectUserId().equals(activity.actorId())) {
            Map<String, Object> subject = Map.of("activity", activity.id(), "actor", activity.actorId(), "subject",
                    activity.subjectUserId());
            // the followed user hears of it even without following back; skip if they already got it as a follower
            jdbc.update("INSERT INTO feed_entries (owner_id, activity_id, actor_id) SELECT :subject, :activity, :actor "
                    + "WHERE NOT EXISTS (SELECT 1 FROM feed_entries WHERE owner_id = :subject AND activity_id = :activity)", subject);
        }
        return true;
    }

    /**
     * A new follower sees the followee's latest activities at once, not only those still to come. The activities
     * copied are key-share-locked: one being removed at this moment (a booking cancelled) is waited for and skipped,
     * where reading it unlocked made the feed entry's reference to it fail after the removal committed.
     */
    void backfill(UUID follower, UUID followee, int count) {
        jdbc.update("INSERT INTO feed_entries (owner_id, activity_id, actor_id) "
                + "SELECT :follower, a.id, a.actor_id FROM activities a WHERE a.actor_id = :followee "
                + "AND NOT EXISTS (SELECT 1 FROM feed_entries f WHERE f.owner_id = :follower AND f.activity_id = a.id) "
                + "ORDER BY a.id DESC LIMIT :count" + keyShareLock,
                Map.of("follower", follower, "followee", followee, "count", count));
    }

    /** After an unfollow: the former followee's activities leave the follower's feed (except those naming the follower). */
    void forget(UUID follower, UUID followee) {
        jdbc.update("DELETE FROM feed_entries WHERE owner_id = :follower AND actor_id = :followee AND activity_id NOT IN "
                + "(SELECT id FROM activities WHERE actor_id = :followee AND subject_user_id = :follower)",
                Map.of("follower", follower, "followee", followee));
    }

    /** Removes an activity (and so its feed entries) and frees its key: a follow undone, which may be news again later. */
    void remove(String dedupKey) {
        jdbc.update("DELETE FROM activity_keys WHERE dedup_key = :key", Map.of("key", dedupKey));
        jdbc.update("DELETE FROM activities WHERE dedup_key = :key", Map.of("key", dedupKey));
    }

    /**
     * Removes an activity for good (a booking cancelled, a photo deleted), also one whose recording is still in
     * progress on another thread: marking its key waits for that recording to commit, then the delete sees what it
     * wrote; a recording that comes later finds the key taken.
     */
    void removeForGood(String dedupKey) {
        jdbc.update(retireKey, Map.of("key", dedupKey));
        jdbc.update("DELETE FROM activities WHERE dedup_key = :key", Map.of("key", dedupKey));
    }

    void removeOfEvent(UUID eventId) {
        jdbc.update("DELETE FROM activities WHERE event_id = :event", Map.of("event", eventId));
    }

    void renameEvent(UUID eventId, String title) {
        jdbc.update("UPDATE activities SET event_title = :title WHERE event_id = :event", Map.of("event", eventId, "title", title));
    }

    /** Everything of a deleted user: what they did, what named them and their own feed. */
    void removeUser(UUID user) {
        Map<String, Object> params = Map.of("user", user);
        jdbc.update("DELETE FROM feed_entries WHERE owner_id = :user", params);
        jdbc.update("DELETE FROM activities WHERE actor_id = :user OR subject_user_id = :user", params);
    }

    /** Up to {@code limit} activities of the owner's feed older than {@code before} (all if null), newest first. */
    List<Recorded> feed(UUID owner, @Nullable UUID before, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("owner", owner);
        params.put("limit", limit);
        String older = "";
        if (before != null) {
            params.put("before", before);
            older = " AND activity_id < :before";
        }
        // The page of ids is taken from the reader's own key range first (a LIMIT subquery is not flattened), so the
        // plan is always "read 21 entries backwards, then 21 lookups", never "scan all activities newest first and
        // keep the reader's", which a plain join invites when the reader follows most of the active people.
        return jdbc.query("SELECT a.* FROM (SELECT activity_id FROM feed_entries WHERE owner_id = :owner" + older
                + " ORDER BY activity_id DESC LIMIT :limit) f JOIN activities a ON a.id = f.activity_id ORDER BY a.id DESC",
                params, (rs, n) -> recorded(rs));
    }

    private static Recorded recorded(ResultSet rs) throws SQLException {
        return new Recorded(rs.getObject("id", UUID.class), rs.getString("dedup_key"), rs.getString("type"),
                rs.getObject("actor_id", UUID.class), rs.getObject("event_id", UUID.class), rs.getString("event_title"),
                rs.getObject("subject_user_id", UUID.class), rs.getObject("photo_id", UUID.class),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
    }

    /** An activity as stored. */
    record Recorded(UUID id, String dedupKey, String type, UUID actorId, @Nullable UUID eventId,
            @Nullable String eventTitle, @Nullable UUID subjectUserId, @Nullable UUID photoId, Instant occurredAt) {
    }
}
