#!/usr/bin/env bash
# Copies a photo directory (eventflow.media.directory) into an S3 bucket under the same keys, so the photos' rows
# stay valid; then the nodes can be switched to EVENTFLOW_MEDIA_STORAGE=s3. Idempotent: objects already in the bucket
# with the file's size are skipped, so an interrupted run is just started again; each copy is checked by its size.
# Exits 0 when every file is in the bucket, 1 otherwise. See docs/photos-storage.md.
#
#   deploy/migrate-photos-to-s3.sh PHOTO_DIRECTORY [JAR]
#
# The bucket and its server come from the environment as for a node: EVENTFLOW_MEDIA_S3_BUCKET (required),
# EVENTFLOW_MEDIA_S3_ENDPOINT, _REGION, _PATH_STYLE_ACCESS, _PREFIX; credentials through the AWS SDK's default chain
# (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a role). The database settings too (SPRING_DATASOURCE_*):
# the application starts as a node does (its web server on a random loopback port, no jobs), copies and exits.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$REPO/deploy/servers.sh"

[ $# -ge 1 ] || { sed -n '7p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2; exit 2; }
FROM=$(cd "$1" && pwd -P) || { echo "no directory $1" >&2; exit 2; }
JAR=${2:-$(ls -t "$REPO"/target/eventflow-*.jar 2>/dev/null | head -n 1 || true)}
[ -n "$JAR" ] && [ -f "$JAR" ] || { echo "no jar: build it (./mvnw -DskipTests package) or pass its path" >&2; exit 2; }
[ -n "${EVENTFLOW_MEDIA_S3_BUCKET:-}" ] || { echo "EVENTFLOW_MEDIA_S3_BUCKET is not set" >&2; exit 2; }
JAVA=$(find_java) || { echo "no JDK >= 21 under /usr/lib/jvm" >&2; exit 2; }

# its web server on a random loopback port (the web beans need one); no jobs: it only copies and exits
exec "$JAVA" -jar "$JAR" --server.port=0 --server.address=127.0.0.1 --eventflow.scheduling.enabled=false \
  --eventflow.media.storage=s3 --eventflow.media.migrate-from="$FROM"
