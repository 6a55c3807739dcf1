package io.eventflow.social;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.eventflow.platform.Vendor;

/** The follows table: who follows whom since when. */
@Repository
class FollowRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final String insert;

    FollowRepository(NamedParameterJdbcTemplate jdbc, Vendor vendor) {
        this.jdbc = jdbc;
        this.insert = vendor.insertIfAbsent("follows", "follower_id, followee_id, created_at", "follower_id, followee_id");
    }

    /** True if the follow is new, false if it existed (also when a concurrent request just made it). */
    boolean add(UUID follower, UUID followee, Instant at) {
        try {
            return jdbc.update(insert, Map.of("follower_id", follower, "followee_id", followee, "created_at", Timestamp.from(at))) == 1;
        } catch (DuplicateKeyException raced) { // H2's NOT EXISTS lost a race with the same follow: it exists
            return false;
        }
    }

    boolean remove(UUID follower, UUID followee) {
        return jdbc.update("DELETE FROM follows WHERE follower_id = :follower AND followee_id = :followee",
                Map.of("follower", follower, "followee", followee)) == 1;
    }

    boolean exists(UUID follower, UUID followee) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT COUNT(*) > 0 FROM follows WHERE follower_id = :follower AND followee_id = :followee",
                Map.of("follower", follower, "followee", followee), Boolean.class));
    }

    /** (user id, since) of the user's followers, most recent first. */
    List<Entry> followers(UUID user, int limit, long offset) {
        return jdbc.query("SELECT follower_id AS id, created_at FROM follows WHERE followee_id = :user "
                + "ORDER BY created_at DESC, follower_id LIMIT :limit OFFSET :offset",
                Map.of("user", user, "limit", limit, "offset", offset), (rs, n) -> new Entry(rs.getObject("id", UUID.class),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()));
    }

    /** Served by the primary key (follower_id, followee_id) and a sort of that one user's follows. */
    List<Entry> following(UUID user, int limit, long offset) {
        return jdbc.query("SELECT followee_id AS id, created_at FROM follows WHERE follower_id = :user "
                + "ORDER BY created_at DESC, followee_id LIMIT :limit OFFSET :offset",
                Map.of("user", user, "limit", limit, "offset", offset), (rs, n) -> new Entry(rs.getObject("id", UUID.class),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()));
    }

    long countFollowers(UUID user) {
        return Objects.requireNonNull(jdbc.queryForObject("SELECT COUNT(*) FROM follows WHERE followee_id = :user",
                Map.of("user", user), Long.class), "COUNT(*) always answers a number");
    }

    long countFollowing(UUID user) {
        return Objects.requireNonNull(jdbc.queryForObject("SELECT COUNT(*) FROM follows WHERE follower_id = :user",
                Map.of("user", user), Long.class), "COUNT(*) always answers a number");
    }

    void removeUser(UUID user) {
        jdbc.update("DELETE FROM follows WHERE follower_id = :user OR followee_id = :user", Map.of("user", user));
    }

    record Entry(UUID userId, Instant since) {
    }
}
