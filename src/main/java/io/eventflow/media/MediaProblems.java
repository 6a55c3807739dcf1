package io.eventflow.media;

import java.time.Duration;
import java.util.List;

import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.FieldProblem;

/** The media module's own refusals of an upload. */
final class MediaProblems {

    private MediaProblems() {
    }

    /** The upload is larger than {@code eventflow.media.max-size}. */
    static final class TooLarge extends DomainException {
        TooLarge(long max) {
            super(Kind.TOO_LARGE, "The photo exceeds the limit of " + max + " bytes ("
                    + (max / (1024 * 1024)) + " MB)", List.of(new FieldProblem("photo", "is larger than " + max + " bytes")));
        }
    }

    /** The content is not one of the accepted image formats, whatever its name or declared type says. */
    static final class UnsupportedImage extends DomainException {
        UnsupportedImage(String detail) {
            super(Kind.UNSUPPORTED_CONTENT, detail + "; accepted: JPEG, PNG, WebP, GIF",
                    List.of(new FieldProblem("photo", "must be a JPEG, PNG, WebP or GIF image")));
        }
    }

    /** A recognised format that is broken, cannot be decoded, or is too large in pixels. */
    static final class UnusableImage extends DomainException {
        UnusableImage(String detail) {
            super(Kind.RULE_VIOLATED, detail, List.of(new FieldProblem("photo", detail)));
        }
    }

    /** Every slot for processing uploads on this node stayed taken for too long; the client may retry. */
    static final class Busy extends DomainException {
        static final String DETAIL = "Too many photos are being processed right now; try again in a moment";

        Busy() {
            super(Kind.BUSY, DETAIL, List.of());
        }
    }

    /**
     * The photo store could not be reached, or not in time ({@code eventflow.media.s3.call-timeout}): 503, and the
     * client may retry a little later. Nothing of the upload is kept.
     */
    static final class StorageUnavailable extends DomainException {
        static final Duration RETRY_AFTER = Duration.ofSeconds(5);

        StorageUnavailable() {
            super(Kind.BUSY, "The photo storage cannot be reached right now; try again in a moment", List.of());
        }

        @Override
        public Duration retryAfter() {
            return RETRY_AFTER;
        }
    }
}
