package io.eventflow.media;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * The media module's public API, for the web UI: the same rules as the REST API.
 * Refusals are {@link io.eventflow.platform.domain.DomainException}s.
 */
public interface Photos {

    /** The event's photos, newest first. */
    PageView<PhotoView> ofEvent(UUID eventId, Paging paging);

    /**
     * The newest {@code perEvent} photos of each of the events, newest first, in one query (for lists of events that
     * show their galleries). Events without photos are left out; unknown events too.
     */
    Map<UUID, List<PhotoView>> newestOfEvents(Collection<UUID> eventIds, int perEvent);

    /** How many photos each of the events has, in one query (for dashboards). Events without photos are left out. */
    Map<UUID, Long> countsOfEvents(Collection<UUID> eventIds);

    /** Whether the user may add photos to the event: its organizer or a user with a confirmed seat. */
    boolean mayUpload(@Nullable CurrentUser user, UUID eventId);

    PhotoView upload(CurrentUser user, UUID eventId, @Nullable String originalName, long size,
            InputStreamSource content);

    void delete(CurrentUser actor, UUID photoId);

    /** Whether the photo is (still) in a gallery: listeners of {@code PhotoUploaded} check before they report it. */
    boolean exists(UUID photoId);

    /** The largest accepted upload in bytes. */
    long maxSize();
}
