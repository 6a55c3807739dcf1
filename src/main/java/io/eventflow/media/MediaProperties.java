package io.eventflow.media;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The photo settings; a wrong value stops the node at start with the setting's name rather than failing uploads later.
 *
 * @param directory       where the local {@link PhotoStore} keeps the files (default {@code <data-dir>/photos})
 * @param maxSize         largest accepted upload; must not exceed Spring's multipart limits (checked at start)
 * @param maxPixels       largest accepted image area (canvas and every frame), read from the header before anything
 *                        is decoded: a 50 KB file can claim 50,000 x 50,000 pixels (a decompression bomb)
 * @param maxDecodedBytes largest accepted decoding cost, read from the headers too: the bytes the decoder has to
 *                        produce, i.e. the pixels of every frame times the bytes of one pixel at the file's bit depth and
 *                        channels (a 16-bit RGBA PNG counts 8 per pixel, an 8-bit colour JPEG 3). Area alone misses
 *                        what makes a file slow: a 310 KB PNG of 6320 x 6320 pixels at 16 bits RGBA (under the area
 *                        limit) inflates to 305 MB and held a core for 2-3 s.
 * @param thumbnailSize   long side of thumbnails, in pixels
 * @param maxConcurrentDecodes images decoded at the same time on a node, on threads of their own; 0 = half the
 *                        processors (at least one), so that decodes never take every core from the requests
 * @param decodeWait      how long an upload waits for a free decoding slot before it is answered 503 with
 *                        {@code Retry-After} (it waits with its body on disk, not in memory)
 * @param decodeTimeout   longest time one image may take to be cleaned, decoded and thumbnailed; beyond, its decoder
 *                        is aborted and the upload refused (422), so one pathological file cannot hold a slot for long
 */
@ConfigurationProperties("eventflow.media")
@Validated
record MediaProperties(Path directory, DataSize maxSize,
        @Positive(message = "must be at least 1 pixel") Long maxPixels,
        DataSize maxDecodedBytes,
        @Min(value = 16, message = "must be at least 16 pixels") @Max(value = 4096, message = "must be at most 4096 pixels")
        Integer thumbnailSize,
        @Min(value = 0, message = "must be 0 (half the processors) or a number of decoding threads")
        Integer maxConcurrentDecodes,
        Duration decodeWait, Duration decodeTimeout) {

    /**
     * In Spring's units (1 MB = 2^20 bytes). A 48-megapixel phone photo (8064 x 6048, an 8-bit colour JPEG) decodes to
     * 140 MB, which must pass; the 16-bit RGBA PNG of 6320 x 6320 pixels of the security report (305 MB) must not.
     * 150 MB sits just above the first; a PNG just under it (4400 x 4400 at 16 bits, 148 MB) took 0.5-0.9 s to upload
     * and decode on the 2-core machine of bench/media (bench/README.md, "media"), the report's PNG 1.7-2.9 s.
     */
    static final DataSize DEFAULT_MAX_DECODED_BYTES = DataSize.ofMegabytes(150);

    MediaProperties {
        directory = directory != null ? directory : Path.of("data", "photos");
        maxSize = maxSize != null ? maxSize : DataSize.ofMegabytes(10);
        // 50 million: a 48-megapixel phone photo (8064 x 6048 = 48.8 million) passes
        maxPixels = maxPixels != null ? maxPixels : 50_000_000L;
        maxDecodedBytes = maxDecodedBytes != null ? maxDecodedBytes : DEFAULT_MAX_DECODED_BYTES;
        thumbnailSize = thumbnailSize != null ? thumbnailSize : 320;
        maxConcurrentDecodes = maxConcurrentDecodes != null ? maxConcurrentDecodes : 0;
        decodeWait = decodeWait != null ? decodeWait : Duration.ofSeconds(10);
        decodeTimeout = decodeTimeout != null ? decodeTimeout : Duration.ofSeconds(10);
    }

    /** The decoding threads of a node: the setting, or half the processors (at least one) when it is 0. */
    int decodeThreads() {
        return maxConcurrentDecodes > 0 ? maxConcurrentDecodes : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    @AssertTrue(message = "max-decoded-bytes must be at least 1KB")
    boolean isMaxDecodedBytesValid() {
        return maxDecodedBytes.toBytes() >= 1024;
    }

    @AssertTrue(message = "decode-wait must be longer than zero")
    boolean isDecodeWaitValid() {
        return decodeWait.isPositive();
    }

    @AssertTrue(message = "decode-timeout must be longer than zero")
    boolean isDecodeTimeoutValid() {
        return decodeTimeout.isPositive();
    }
}
