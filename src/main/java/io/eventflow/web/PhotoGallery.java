package io.eventflow.web;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.eventflow.identity.CurrentUser;
import io.eventflow.media.PhotoView;
import io.eventflow.media.Photos;
import io.eventflow.platform.paging.Paging;

/**
 * What the event page's gallery fragment shows, called from the template ({@code ${@photoGallery.of(id)}}) so the
 * page's controller needs no change for it.
 */
@Component("photoGallery")
class PhotoGallery {

    static final int SHOWN = 48;

    private final Photos photos;

    PhotoGallery(Photos photos) {
        this.photos = photos;
    }

    record Gallery(List<Item> photos, long total, boolean mayUpload, String maxSize, long maxBytes) {
    }

    record Item(UUID id, String url, String thumbnailUrl, boolean mayDelete) {
    }

    public Gallery of(UUID eventId, boolean organizer) {
        CurrentUser me = CurrentUsers.current();
        var page = photos.ofEvent(eventId, Paging.of(0, SHOWN));
        List<Item> items = page.items().stream().map(p -> new Item(p.id(), p.url(), p.thumbnailUrl(), mayDelete(me, p, organizer)))
                .toList();
        return new Gallery(items, page.total(), photos.mayUpload(me, eventId), (photos.maxSize() / (1024 * 1024)) + " MB",
                photos.maxSize());
    }

    private static boolean mayDelete(@Nullable CurrentUser me, PhotoView photo, boolean organizer) {
        return me != null && (organizer || me.isSelfOrAdmin(photo.uploaderId()));
    }
}
