package io.eventflow.media;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.eventflow.support.S3Server;

/**
 * Every gallery test of {@link PhotoGalleryIT} with the photos in a bucket of the local S3-compatible server: the same
 * answers, headers, ranges, deletions and authorization as with the directory store.
 */
class S3PhotoGalleryIT extends PhotoGalleryIT {

    private static final String BUCKET = S3Server.newBucket("gallery");

    @DynamicPropertySource
    static void photosInABucket(DynamicPropertyRegistry registry) {
        S3Server.storeIn(BUCKET, S3Server.endpoint()).forEach((name, value) -> registry.add(name, () -> value));
    }
}
