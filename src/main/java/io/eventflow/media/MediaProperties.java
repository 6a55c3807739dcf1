package io.eventflow.media;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param directory      where the local {@link PhotoStore} keeps the files (default {@code <data-dir>/photos})
 * @param maxSize        largest accepted upload; must not exceed Spring's multipart limits (checked at start)
 * @param maxPixels      largest accepted image area (canvas and every frame), read from the header before
 *                       anything is decoded: a 50 KB file can claim 50,000 x 50,000 pixels (a decompression bomb)
 * @param thumbnailSize  long side of thumbnails, in pixels
 * @param maxConcurrentDecodes images decoded at the same time on a node (each may hold tens of MB of pixels);
 *                       0 = the number of processors
 */
@ConfigurationProperties("eventflow.media")
@org.springframework.validation.annotation.Validated
record MediaProperties(Path directory, DataSize maxSize, Long maxPixels, Integer thumbnailSize, Integer maxConcurrentDecodes) {

    MediaProperties {
        directory = directory != null ? directory : Path.of("data", "photos");
        maxSize = maxSize != null ? maxSize : DataSize.ofMegabytes(10);
        maxPixels = maxPixels != null ? maxPixels : 40_000_000L;
        thumbnailSize = thumbnailSize != null ? thumbnailSize : 320;
        maxConcurrentDecodes = maxConcurrentDecodes != null && maxConcurrentDecodes > 0 ? maxConcurrentDecodes
                : Runtime.getRuntime().availableProcessors();
    }
}
