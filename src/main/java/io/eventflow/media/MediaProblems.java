package io.eventflow.media;

import java.util.List;

import org.springframework.http.HttpStatus;

import io.eventflow.platform.web.ApiException;

/** The media module's own refusals, answered as problem details like every {@link ApiException}. */
final class MediaProblems {

    private MediaProblems() {
    }

    /** 413: the upload is larger than {@code eventflow.media.max-size}. */
    static final class TooLarge extends ApiException {
        TooLarge(long max) {
            super(HttpStatus.CONTENT_TOO_LARGE, "The photo exceeds the limit of " + max + " bytes ("
                    + (max / (1024 * 1024)) + " MB)", List.of(new FieldProblem("photo", "is larger than " + max + " bytes")));
        }
    }

    /** 415: the content is not one of the accepted image formats, whatever its name or declared type says. */
    static final class UnsupportedImage extends ApiException {
        UnsupportedImage(String detail) {
            super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail + "; accepted: JPEG, PNG, WebP, GIF",
                    List.of(new FieldProblem("photo", "must be a JPEG, PNG, WebP or GIF image")));
        }
    }

    /** 422: a recognised format that is broken, cannot be decoded, or is too large in pixels. */
    static final class UnusableImage extends ApiException {
        UnusableImage(String detail) {
            super(HttpStatus.UNPROCESSABLE_CONTENT, detail, List.of(new FieldProblem("photo", detail)));
        }
    }

    /** 503: every slot for processing uploads on this node stayed taken for too long; the client may retry. */
    static final class Busy extends ApiException {
        Busy() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "Too many photos are being processed right now; try again in a moment",
                    List.of());
        }
    }
}
