package io.eventflow.media;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;

import io.eventflow.catalog.EventCatalog;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

@Service
class PhotosFacade implements Photos {

    private final PhotoService photos;
    private final EventCatalog catalog;
    private final MediaProperties properties;
    private final PhotoRepository repository;

    PhotosFacade(PhotoService photos, EventCatalog catalog, MediaProperties properties, PhotoRepository repository) {
        this.photos = photos;
        this.repository = repository;
        this.catalog = catalog;
        this.properties = properties;
    }

    @Override
    public PageView<PhotoView> ofEvent(UUID eventId, Paging paging) {
        return photos.ofEvent(eventId, paging);
    }

    @Override
    public Map<UUID, List<PhotoView>> newestOfEvents(Collection<UUID> eventIds, int perEvent) {
        if (eventIds.isEmpty() || perEvent < 1) {
            return Map.of();
        }
        Map<UUID, List<PhotoView>> galleries = new LinkedHashMap<>();
        for (PhotoRepository.Photo photo : repository.newestOfEvents(eventIds, perEvent)) {
            galleries.computeIfAbsent(photo.eventId(), id -> new ArrayList<>()).add(photo.view());
        }
        return galleries;
    }

    @Override
    public Map<UUID, Long> countsOfEvents(Collection<UUID> eventIds) {
        return eventIds.isEmpty() ? Map.of() : repository.countsOfEvents(eventIds);
    }

    @Override
    public boolean mayUpload(@Nullable CurrentUser user, UUID eventId) {
        return user != null && catalog.find(eventId).map(e -> photos.mayUpload(user, e)).orElse(false);
    }

    @Override
    public PhotoView upload(CurrentUser user, UUID eventId, @Nullable String originalName, long size,
            InputStreamSource content) {
        return photos.upload(user, eventId, originalName, size, content);
    }

    @Override
    public boolean exists(UUID photoId) {
        return repository.find(photoId).isPresent();
    }

    @Override
    public void delete(CurrentUser actor, UUID photoId) {
        photos.delete(actor, photoId);
    }

    @Override
    public long maxSize() {
        return properties.maxSize().toBytes();
    }
}
