#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh, with the node(s) stopped. See docs/backup.md.
#
#   deploy/restore.sh [--force] [--photos DIR] ARCHIVE.zip [DATA_DIR]
#       Embedded default (H2): unpacks the database files into DATA_DIR (default EVENTFLOW_DATA_DIR or ./data) and
#       the photos into DIR (default EVENTFLOW_MEDIA_DIRECTORY or DATA_DIR/photos). Refuses a data directory that
#       holds anything, or a photo directory that does, unless --force: then the database files of the archive's
#       name and the photo directory's contents are replaced (other files, e.g. the signing key, stay).
#
#   deploy/restore.sh --postgres [--force] [--photos DIR] ARCHIVE.tar
#       PostgreSQL: pg_restore into the database named by SPRING_DATASOURCE_URL/_USERNAME/_PASSWORD (as for the node)
#       or PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD; create it first (createdb, owned by the node's user). In one
#       transaction, so a failure leaves it as it was. Refuses a database with tables, or a photo directory with
#       files, unless --force (then the archive's objects are dropped and created again, the photos replaced).
#
# Start the node(s) afterwards as before; Flyway finds the schema up to date.
set -euo pipefail
. "$(dirname "$0")/backup-common.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

mode=embedded
force=false
photos=""
work="" # a scratch directory, removed on exit
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) mode=postgres ;;
    --force) force=true ;;
    --photos) photos="${2:?--photos needs a directory}"; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -ge 1 ] || usage
archive=${positional[0]}
[ -f "$archive" ] || die "no archive at $archive"

photos_into() { # directory: empty, or emptied when --force
  if not_empty "$1"; then
    $force || die "the photo directory $1 is not empty (--force replaces its contents)"
    find "$1" -mindepth 1 -delete
  fi
  mkdir -p "$1"
}

embedded_restore() {
  local data="${positional[1]:-${EVENTFLOW_DATA_DIR:-./data}}" manifest name
  photos="${photos:-${EVENTFLOW_MEDIA_DIRECTORY:-$data/photos}}"
  if tar -tf "$archive" eventflow-backup.properties >/dev/null 2>&1; then
    die "$archive is a backup of a PostgreSQL deployment: deploy/restore.sh --postgres"
  fi
  if not_empty "$data" && ! $force; then
    die "the data directory $data is not empty (stop the node; --force replaces its database and photos)"
  fi
  mkdir -p "$data"
  # unpacked next to its destination, so that the moves below are renames; nothing is put in place half unpacked
  work=$(mktemp -d "$data/.restore-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  unzip_into "$archive" "$work" || die "$archive could not be unpacked (not a zip, or damaged)"
  [ -f "$work/eventflow-backup.properties" ] || die "$archive is not an EventFlow backup (no eventflow-backup.properties)"
  manifest=$work/eventflow-backup.properties
  [ "$(manifest_value mode <"$manifest")" = embedded ] \
    || die "$archive is a backup of a PostgreSQL deployment: deploy/restore.sh --postgres"
  name=$(manifest_value database_name <"$manifest")
  [ -n "$name" ] && [ -f "$work/database/$name.mv.db" ] || die "$archive holds no database file"
  if $force; then
    rm -f "$data/$name".*.db
  fi
  photos_into "$photos"
  mv "$work/database/"* "$data/"
  if [ -d "$work/photos" ] && not_empty "$work/photos"; then
    if [ "$(stat -c %d "$work")" = "$(stat -c %d "$photos")" ]; then
      mv "$work/photos/"* "$photos/"
    else
      cp -a "$work/photos/." "$photos/"
    fi
  fi
  echo "restored $(manifest_value created_at <"$manifest"): database $data/$name.mv.db," \
    "$(manifest_value photos <"$manifest") photos ($(manifest_value photo_files <"$manifest") files) in $photos"
}

postgres_restore() {
  local psql pg_restore manifest tables clean=()
  manifest=$(tar -xOf "$archive" eventflow-backup.properties 2>/dev/null) \
    || die "$archive is not an EventFlow PostgreSQL backup (no eventflow-backup.properties in a tar)"
  [ "$(manifest_value mode <<<"$manifest")" = postgres ] \
    || die "$archive is a backup of the embedded default: deploy/restore.sh without --postgres"
  pg_environment
  psql=$(pg_program psql)
  pg_restore=$(pg_program pg_restore)
  photos="${photos:-$(default_photos)}"
  tables=$("$psql" -X -At -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") \
    || die "cannot connect to database $PGDATABASE (create it first: createdb)"
  if [ "$tables" != 0 ]; then
    $force || die "database $PGDATABASE has $tables tables (restore into an empty database; --force replaces them)"
    clean=(--clean --if-exists)
  fi
  if not_empty "$photos" && ! $force; then
    die "the photo directory $photos is not empty (--force replaces its contents)"
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  tar -xf "$archive" -C "$work" database.pgdump || die "$archive holds no database.pgdump"
  # The dump's objects are owned by whoever restores (the node's user), whatever role owned them before. The comment
  # on the pg_trgm extension is left out: only the extension's owner may set it, and a non-superuser restoring would
  # fail on it (the extension itself is trusted, created by the database's owner).
  "$pg_restore" -l "$work/database.pgdump" | grep -v ' COMMENT - EXTENSION ' >"$work/contents"
  "$pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}" -L "$work/contents" \
    -d "$PGDATABASE" "$work/database.pgdump" || die "pg_restore into $PGDATABASE failed (nothing was changed)"
  photos_into "$photos"
  tar -xf "$archive" -C "$photos" --strip-components=1 photos
  echo "restored $(manifest_value created_at <<<"$manifest"): database $PGDATABASE," \
    "$(manifest_value photos <<<"$manifest") photos ($(manifest_value photo_files <<<"$manifest") files) in $photos"
}

case "$mode" in
  embedded) embedded_restore ;;
  postgres) postgres_restore ;;
esac
