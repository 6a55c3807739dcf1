package io.eventflow.social;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.eventflow.platform.domain.InvalidInput;

/**
 * Keyset pagination of the feed: the cursor is the id of the last activity shown, opaque to clients. Ids are
 * time-ordered, so "older than the cursor" is stable while new activities arrive: no item is shown twice and
 * none is skipped, unlike page numbers that shift under inserts.
 */
final class FeedCursor {

    private FeedCursor() {
    }

    static String encode(UUID lastShown) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(lastShown.getMostSignificantBits())
                .putLong(lastShown.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** Null for the first page. */
    static @Nullable UUID decode(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length != 16) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static InvalidInput invalid() {
        return InvalidInput.field("cursor", "is not a cursor this API gave out; start again without one");
    }
}
