package io.eventflow.media;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.core.io.Resource;

/**
 * Where photo files live: a port, so nodes keep them in a local (or shared) directory ({@link LocalPhotoStore}) or
 * in S3-compatible object storage ({@link S3PhotoStore}), chosen by {@code eventflow.media.storage}. Keys are made
 * by {@link PhotoKeys}, never taken from user input. Every implementation behaves the same (PhotoStoreContract):
 * a store that cannot be reached throws {@link MediaProblems.StorageUnavailable} (503 with {@code Retry-After}).
 */
public interface PhotoStore {

    /** Stores the bytes under a new key ending in {@code .extension} and returns the key. Atomic: all or nothing. */
    String put(byte[] content, String extension);

    /**
     * The stored file, empty if there is none (or the key is not one this store could have made). Its content is
     * read when the response is written, a {@code Range} of it without reading what comes before.
     */
    Optional<Resource> get(String key);

    /** Removes the file if it exists; removing a missing one is no error. */
    void delete(String key);

    /**
     * Hands every key of a file written before {@code before} to {@code action}, in no particular order, for the
     * sweep of files whose upload never got its database row ({@link OrphanSweep}). Files may be deleted meanwhile.
     */
    void forEachKeyWrittenBefore(Instant before, Consumer<String> action);
}
