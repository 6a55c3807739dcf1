package io.eventflow.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A finished archive.
 *
 * @param file       its absolute path on the node
 * @param sizeBytes  its size
 * @param photos     photo rows in the database copy (each with its image and thumbnail in the archive)
 * @param photoFiles files copied from the photo directory (at least twice {@code photos}; uploads finished
 *                   after the database copy and files of photos deleted meanwhile are harmless extras)
 * @param missing    photo files the database references that were missing from the photo directory before the
 *                   backup began (lost earlier; empty normally)
 * @param createdAt  when the database copy was taken
 * @param took       how long writing the archive took
 */
record Backup(Path file, long sizeBytes, int photos, int photoFiles, List<String> missing, Instant createdAt, Duration took) {
}
