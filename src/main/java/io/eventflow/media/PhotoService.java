package io.eventflow.media;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.eventflow.booking.Bookings;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventDeleted;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSeats;
import io.eventflow.catalog.EventSnapshot;
import io.eventflow.identity.CurrentUser;
import io.eventflow.media.PhotoEvents.PhotoDeleted;
import io.eventflow.media.PhotoEvents.PhotoUploaded;
import io.eventflow.media.PhotoRepository.Photo;
import io.eventflow.platform.AfterCommit;
import io.eventflow.platform.IdGenerator;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.NotFound;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;

/**
 * Uploads, lists and deletes event photos. An upload is checked (who, how large, what it really is), cleaned of
 * metadata, decoded and thumbnailed, and written to the {@link PhotoStore} before any transaction starts (image work
 * holds no database connection); then one short transaction re-checks the event under its row lock, inserts the row
 * and publishes {@link PhotoUploaded}. If that transaction fails the files are removed again. Deleting removes the
 * row (publishing {@link PhotoDeleted}) and the files after the commit.
 */
@Service
class PhotoService {

    private static final Logger log = LoggerFactory.getLogger(PhotoService.class);

    private final PhotoRepository photos;
    private final PhotoStore store;
    private final ImageProcessor images;
    private final EventCatalog catalog;
    private final EventSeats seats;
    private final Bookings bookings;
    private final IdGenerator ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final DecodePool decoding;
    private final MediaProperties properties;

    PhotoService(PhotoRepository photos, PhotoStore store, ImageProcessor images, EventCatalog catalog, EventSeats seats,
            Bookings bookings, IdGenerator ids, Clock clock, ApplicationEventPublisher events, TransactionTemplate transaction,
            DecodePool decoding, MediaProperties properties) {
        this.photos = photos;
        this.store = store;
        this.images = images;
        this.catalog = catalog;
        this.seats = seats;
        this.bookings = bookings;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        this.transaction = transaction;
        this.decoding = decoding;
        this.properties = properties;
    }

    /** Those who take part in the event add photos of it (a waitlisted user does not, yet). */
    boolean mayUpload(CurrentUser user, EventSnapshot event) {
        return bookings.takesPart(user, event);
    }

    PhotoView upload(CurrentUser user, UUID eventId, @Nullable String originalName, long declaredSize,
            InputStreamSource content) {
        EventSnapshot event = catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
        if (!mayUpload(user, event)) {
            throw new NotAllowed("Only the event's organizer and attendees with a confirmed seat can add photos");
        }
        long max = properties.maxSize().toBytes();
        if (declaredSize > max) {
            throw new MediaProblems.TooLarge(max);
        }
        // The upload waits on disk (multipart temp file) until a decoding slot is free: in memory it is read, cleaned
        // and decoded by at most max-concurrent-decodes uploads at once, whatever the number of (virtual) threads.
        Processed processed;
        try {
            processed = decoding.run(deadline -> {
                PhotoContent.Cleaned image = PhotoContent.clean(read(content, max));
                checkCost(image);
                return new Processed(image, images.thumbnail(image, deadline));
            });
        } catch (PhotoContent.Rejected rejected) {
            throw rejected.unsupported ? new MediaProblems.UnsupportedImage(rejected.getMessage())
                    : new MediaProblems.UnusableImage(rejected.getMessage());
        }
        PhotoContent.Cleaned cleaned = processed.image();
        ImageProcessor.Thumbnail thumbnail = processed.thumbnail();

        String key = store.put(cleaned.bytes(), cleaned.kind().extension);
        String thumbnailKey;
        try {
            thumbnailKey = store.put(thumbnail.bytes(), thumbnail.kind().extension);
        } catch (RuntimeException e) {
            removeQuietly(List.of(key));
            throw e;
        }
        Photo photo = new Photo(ids.next(), eventId, user.id(), cleaned.kind().contentType, cleaned.width(),
                cleaned.height(), cleaned.bytes().length, key, thumbnailKey, thumbnail.kind().contentType,
                sanitizedName(originalName), clock.instant());
        try {
            transaction.executeWithoutResult(status -> {
                // The event row lock orders this insert against a concurrent deletion of the event: either the
                // deletion ran first (no event: refused) or it runs after and its listener finds this photo.
                EventSnapshot locked = seats.lock(eventId).flatMap(s -> catalog.find(eventId))
                        .orElseThrow(() -> new EventNotFound(eventId));
                if (!mayUpload(user, locked)) { // the seat may have been cancelled while the image was processed
                    throw new NotAllowed("Only the event's organizer and attendees with a confirmed seat can add photos");
                }
                photos.insert(photo);
                events.publishEvent(new PhotoUploaded(photo.id(), eventId, user.id(), photo.createdAt()));
            });
        } catch (RuntimeException e) {
            removeQuietly(List.of(key, thumbnailKey));
            throw e;
        }
        return photo.view();
    }

    private record Processed(PhotoContent.Cleaned image, ImageProcessor.Thumbnail thumbnail) {
    }

    /**
     * Refuses, from the headers alone and before any decoding, an image whose area or decoding cost is over its limit:
     * a few hundred KB can declare gigabytes of pixels.
     */
    private void checkCost(PhotoContent.Cleaned image) throws PhotoContent.Rejected {
        if (image.largestFramePixels() > properties.maxPixels()) {
            throw PhotoContent.Rejected.tooCostly("The image is " + image.width() + " x " + image.height() + " pixels (its "
                    + "largest frame " + image.largestFramePixels() + "); at most " + properties.maxPixels()
                    + " pixels are accepted (eventflow.media.max-pixels)");
        }
        long budget = properties.maxDecodedBytes().toBytes();
        if (image.decodedBytes() > budget) {
            throw PhotoContent.Rejected.tooCostly("The image would decode to " + megabytes(image.decodedBytes())
                    + " MB (" + image.width() + " x " + image.height() + " pixels, every frame, at its bit depth); at most "
                    + megabytes(budget) + " MB are accepted (eventflow.media.max-decoded-bytes)");
        }
    }

    private static String megabytes(long bytes) {
        return Long.toString(Math.ceilDiv(bytes, 1024 * 1024));
    }

    @Transactional(readOnly = true)
    PageView<PhotoView> ofEvent(UUID eventId, Paging paging) {
        if (catalog.find(eventId).isEmpty()) {
            throw new EventNotFound(eventId);
        }
        List<PhotoView> items = photos.ofEvent(eventId, paging.size(), paging.offset()).stream().map(Photo::view).toList();
        return new PageView<>(items, paging.page(), paging.size(), photos.countOfEvent(eventId));
    }

    Photo find(UUID photoId) {
        return photos.find(photoId).orElseThrow(() -> new NotFound("Photo", photoId));
    }

    /** By the uploader, the event's organizer or an admin; the files go after the commit. */
    @Transactional
    void delete(CurrentUser actor, UUID photoId) {
        Photo photo = find(photoId);
        boolean manager = catalog.find(photo.eventId()).map(e -> EventPolicy.mayManage(actor, e.organizerId()))
                .orElse(false);
        if (!actor.isSelfOrAdmin(photo.uploaderId()) && !manager) {
            throw new NotAllowed("Only the photo's uploader, the event's organizer or an admin can delete it");
        }
        if (photos.delete(photoId) == 0) {
            throw new NotFound("Photo", photoId); // deleted concurrently
        }
        events.publishEvent(new PhotoDeleted(photoId, photo.eventId(), photo.uploaderId(), false, clock.instant()));
        AfterCommit.run(() -> removeQuietly(List.of(photo.storageKey(), photo.thumbnailKey())));
    }

    /** Same transaction as the catalog's deletion: the gallery goes with its event, its files after the commit. */
    @EventListener
    void on(EventDeleted deleted) {
        Instant now = clock.instant();
        for (Photo photo : photos.allOfEvent(deleted.event().id())) {
            if (photos.delete(photo.id()) == 1) {
                events.publishEvent(new PhotoDeleted(photo.id(), photo.eventId(), photo.uploaderId(), true, now));
                AfterCommit.run(() -> removeQuietly(List.of(photo.storageKey(), photo.thumbnailKey())));
            }
        }
    }

    private static byte[] read(InputStreamSource content, long max) {
        try (InputStream in = content.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new MediaProblems.TooLarge(max);
            }
            return bytes;
        } catch (IOException e) {
            throw InvalidInput.field("photo", "could not be read");
        }
    }

    private void removeQuietly(List<String> keys) {
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                log.warn("Could not remove photo file {} (an orphan now, harmless): {}", key, e.toString());
            }
        }
    }

    /** The client's file name, kept as information only: control characters and path parts removed, 200 chars. */
    static @Nullable String sanitizedName(@Nullable String name) {
        if (name == null) {
            return null;
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        if (result.length() > 200) {
            result = result.substring(0, 200);
        }
        return result.isEmpty() ? null : result;
    }
}
