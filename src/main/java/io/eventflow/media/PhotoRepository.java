package io.eventflow.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The photos table: one row per photo, its files referenced by store keys. */
@Component
class PhotoRepository {

    /** A stored photo: what the API shows plus where its files are. */
    record Photo(UUID id, UUID eventId, UUID uploaderId, String contentType, int width, int height, long size,
            String storageKey, String thumbnailKey, String thumbnailType, @Nullable String originalName,
            Instant createdAt) {

        PhotoView view() {
            return new PhotoView(id, eventId, "/api/v1/photos/" + id, "/api/v1/photos/" + id + "/thumbnail", uploaderId,
                    contentType, width, height, size, createdAt);
        }
    }

    private final JdbcClient jdbc;

    PhotoRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Photo p) {
        jdbc.sql("""
                INSERT INTO photos (id, event_id, uploader_id, content_type, width, height, size_bytes, storage_key,
                                    thumbnail_key, thumbnail_type, original_name, created_at)
                VALUES (:id, :event, :uploader, :type, :width, :height, :size, :key, :thumbKey, :thumbType, :name, :created)""")
                .param("id", p.id()).param("event", p.eventId()).param("uploader", p.uploaderId())
                .param("type", p.contentType()).param("width", p.width()).param("height", p.height())
                .param("size", p.size()).param("key", p.storageKey()).param("thumbKey", p.thumbnailKey())
                .param("thumbType", p.thumbnailType()).param("name", p.originalName())
                .param("created", Timestamp.from(p.createdAt()))
                .update();
    }

    Optional<Photo> find(UUID id) {
        return jdbc.sql("SELECT * FROM photos WHERE id = :id").param("id", id).query(PhotoRepository::map).optional();
    }

    /** Newest first (ids are time-ordered, so the id breaks ties of the same instant in upload order). */
    List<Photo> ofEvent(UUID eventId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM photos WHERE event_id = :event ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("event", eventId).param("limit", limit).param("offset", offset)
                .query(PhotoRepository::map).list();
    }

    /** At most {@code perEvent} of each event's photos, each event's newest first (as {@link #ofEvent}). */
    List<Photo> newestOfEvents(Collection<UUID> eventIds, int perEvent) {
        return jdbc.sql("SELECT * FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.event_id "
                + "ORDER BY p.created_at DESC, p.id DESC) AS n FROM photos p WHERE p.event_id IN (:events)) ranked "
                + "WHERE n <= :limit ORDER BY event_id, n")
                .param("events", eventIds).param("limit", perEvent)
                .query(PhotoRepository::map).list();
    }

    List<Photo> allOfEvent(UUID eventId) {
        return jdbc.sql("SELECT * FROM photos WHERE event_id = :event").param("event", eventId)
                .query(PhotoRepository::map).list();
    }

    long countOfEvent(UUID eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM photos WHERE event_id = :event").param("event", eventId)
                .query(Long.class).single();
    }

    /** Through the gallery's index (event first). */
    Map<UUID, Long> countsOfEvents(Collection<UUID> eventIds) {
        Map<UUID, Long> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT event_id, COUNT(*) AS n FROM photos WHERE event_id IN (:events) GROUP BY event_id")
                .param("events", eventIds)
                .query((ResultSet rs) -> {
                    counts.put(rs.getObject("event_id", UUID.class), rs.getLong("n"));
                });
        return counts;
    }

    /** Those of the keys that a photo refers to (as its file or its thumbnail); through the key indexes (V29). */
    Set<String> referencedKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT storage_key FROM photos WHERE storage_key IN (:keys) "
                        + "UNION SELECT thumbnail_key FROM photos WHERE thumbnail_key IN (:keys)")
                .param("keys", keys).query(String.class).list());
    }

    /** 1 if this call removed the row, 0 if it was gone already (a concurrent delete won). */
    int delete(UUID id) {
        return jdbc.sql("DELETE FROM photos WHERE id = :id").param("id", id).update();
    }

    private static Photo map(ResultSet rs, int row) throws SQLException {
        return new Photo(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                rs.getObject("uploader_id", UUID.class), rs.getString("content_type"), rs.getInt("width"),
                rs.getInt("height"), rs.getLong("size_bytes"), rs.getString("storage_key"), rs.getString("thumbnail_key"),
                rs.getString("thumbnail_type"), rs.getString("original_name"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
