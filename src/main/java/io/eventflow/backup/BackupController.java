package io.eventflow.backup;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.NotAllowed;
import io.swagger.v3.oas.annotations.Operation;

/** Admins (and {@code deploy/backup.sh}, signed in as one) ask the node for a backup of its embedded database. */
@RestController
class BackupController {

    private static final Logger log = LoggerFactory.getLogger(BackupController.class);

    private final BackupService backups;

    BackupController(BackupService backups) {
        this.backups = backups;
    }

    /** The archive as written on the node's disk. */
    record BackupView(String file, String name, long sizeBytes, int photos, int photoFiles,
            List<String> missingPhotoFiles, Instant createdAt, long durationMs) {
    }

    @PostMapping("/api/v1/admin/backups")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Back up the embedded database and the photos (admins)",
            description = "Writes one zip archive (H2's online copy and the photo directory) into eventflow.backup.directory "
                    + "on the node and answers its path. 409 on PostgreSQL (use pg_dump: deploy/backup.sh --postgres); 503 "
                    + "while another backup is being written or when the archive cannot be written (disk full). Restore with deploy/restore.sh, see docs/backup.md.")
    BackupView create(CurrentUser user) {
        if (!user.isAdmin()) {
            throw new NotAllowed("Only admins can take backups");
        }
        Backup backup = backups.create();
        log.info("Backup {} taken by {}", backup.file().getFileName(), user.username());
        return new BackupView(backup.file().toString(), backup.file().getFileName().toString(), backup.sizeBytes(),
                backup.photos(), backup.photoFiles(), backup.missing(), backup.createdAt(), backup.took().toMillis());
    }
}
