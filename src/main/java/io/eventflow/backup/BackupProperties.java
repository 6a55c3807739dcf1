package io.eventflow.backup;

import java.nio.file.Path;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param directory       where archives are written (default {@code <data-dir>/backups})
 * @param photosDirectory the photo files to include: the media module's directory ({@code eventflow.media.directory})
 * @param attempts        how often a backup is taken again when photos of the database copy were deleted before their
 *                        files could be copied (see {@link BackupService})
 */
@ConfigurationProperties("eventflow.backup")
@Validated
record BackupProperties(@NotNull Path directory, @NotNull Path photosDirectory,
        @Min(1) @Max(10) int attempts) {

    /** Archives inside the photo directory would be copied into the next archive, and so on. */
    @AssertTrue(message = "eventflow.backup.directory must not be inside eventflow.backup.photos-directory (the photo directory)")
    boolean isDirectoryOutsideThePhotos() {
        if (directory == null || photosDirectory == null) {
            return true; // @NotNull names that
        }
        return !directory.toAbsolutePath().normalize().startsWith(photosDirectory.toAbsolutePath().normalize());
    }
}
