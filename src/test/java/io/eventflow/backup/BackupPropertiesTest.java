package io.eventflow.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;

class BackupPropertiesTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void acceptsTheDefaultsBackupsBesideThePhotos() {
        assertThat(validator.validate(new BackupProperties(Path.of("data/backups"), Path.of("data/photos"), 3))).isEmpty();
    }

    @Test
    void refusesABackupDirectoryInsideThePhotoDirectory() {
        assertThat(validator.validate(new BackupProperties(Path.of("data/photos/backups"), Path.of("data/photos"), 3)))
                .extracting(ConstraintViolation::getMessage).singleElement().asString().contains("must not be inside");
    }

    @Test
    void refusesMissingDirectoriesAndAttemptsOutsideOneToTen() {
        assertThat(validator.validate(new BackupProperties(null, null, 0)))
                .extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("directory", "photosDirectory", "attempts");
    }
}
