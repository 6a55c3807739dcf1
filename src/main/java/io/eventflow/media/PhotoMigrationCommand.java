package io.eventflow.media;

import java.nio.file.Path;
import java.util.Objects;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The migration command: started with {@code --eventflow.media.migrate-from=<photo directory>} (and the S3 settings),
 * the application copies the directory into the bucket, prints the report and exits, with status 1 if any copy
 * failed (deploy/migrate-photos-to-s3.sh, docs/photos-storage.md).
 */
@Component
@ConditionalOnProperty(name = "eventflow.media.migrate-from")
class PhotoMigrationCommand implements ApplicationRunner {

    private final S3PhotoStore bucket;
    private final PhotoStorageProperties properties;
    private final ConfigurableApplicationContext context;

    PhotoMigrationCommand(S3PhotoStore bucket, PhotoStorageProperties properties, ConfigurableApplicationContext context) {
        this.bucket = bucket;
        this.properties = properties;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        Path from = Objects.requireNonNull(properties.migrateFrom());
        PhotoDirectoryMigration.Report report = new PhotoDirectoryMigration(bucket).copy(from);
        System.out.printf("Photos copied: %d, already in the bucket: %d, failed: %d %s%n", report.copied(),
                report.skipped(), report.failed().size(), report.failed());
        int status = report.failed().isEmpty() ? 0 : 1;
        System.exit(SpringApplication.exit(context, () -> status));
    }
}
