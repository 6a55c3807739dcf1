#!/usr/bin/env bash
# Backs up EventFlow and prints the archive's path. See docs/backup.md.
#
#   deploy/backup.sh [--url URL]
#       Embedded default (H2): asks the running node for an online backup (POST /api/v1/admin/backups); the node
#       writes one zip (H2's consistent copy and the photo directory) into eventflow.backup.directory and this prints
#       its path on the node's machine. URL: EVENTFLOW_URL, default http://localhost:8080. As an admin: an access
#       token in EVENTFLOW_BACKUP_TOKEN, or EVENTFLOW_BACKUP_USERNAME and EVENTFLOW_BACKUP_PASSWORD (default: the
#       first admin's EVENTFLOW_IDENTITY_ADMIN_USERNAME and _PASSWORD). Credentials are read from the environment,
#       never from the command line (which other users can see in ps).
#
#   deploy/backup.sh --postgres [--photos DIR] [--out DIR]
#       PostgreSQL: pg_dump -Fc of the database named by SPRING_DATASOURCE_URL/_USERNAME/_PASSWORD (as for the node)
#       or PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD, then the photo directory, into one tar
#       eventflow-pg-<time>.tar in DIR. Photos: --photos, EVENTFLOW_MEDIA_DIRECTORY, or <EVENTFLOW_DATA_DIR>/photos.
#       Out: --out, EVENTFLOW_BACKUP_DIRECTORY, or <EVENTFLOW_DATA_DIR or ./data>/backups. Needs GNU tar and the
#       PostgreSQL client programs of the server's major version or newer.
set -euo pipefail
. "$(dirname "$0")/backup-common.sh"
umask 077 # a backup holds password hashes and e-mail addresses: readable by this user only

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

mode=embedded
partial="" staging="" # removed on exit unless complete
url="${EVENTFLOW_URL:-http://localhost:8080}"
photos=$(default_photos)
out="${EVENTFLOW_BACKUP_DIRECTORY:-${EVENTFLOW_DATA_DIR:-./data}/backups}"
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) mode=postgres ;;
    --url) url="${2:?--url needs a value}"; shift ;;
    --photos) photos="${2:?--photos needs a directory}"; shift ;;
    --out) out="${2:?--out needs a directory}"; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
  shift
done

json_string() { # escapes a value for a JSON string
  printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'
}

embedded_backup() {
  command -v curl >/dev/null || die "curl is needed"
  local token="${EVENTFLOW_BACKUP_TOKEN:-}" answer status body
  if [ -z "$token" ]; then
    local username="${EVENTFLOW_BACKUP_USERNAME:-${EVENTFLOW_IDENTITY_ADMIN_USERNAME:-}}"
    local password="${EVENTFLOW_BACKUP_PASSWORD:-${EVENTFLOW_IDENTITY_ADMIN_PASSWORD:-}}"
    [ -n "$username" ] && [ -n "$password" ] \
      || die "sign in as an admin: set EVENTFLOW_BACKUP_TOKEN, or EVENTFLOW_BACKUP_USERNAME and EVENTFLOW_BACKUP_PASSWORD"
    # the password goes in on stdin, not as an argument
    answer=$(printf '{"username":"%s","password":"%s"}' "$(json_string "$username")" "$(json_string "$password")" \
      | curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' --data-binary @- "$url/api/v1/auth/login") \
      || die "cannot reach EventFlow at $url"
    status=${answer##*$'\n'}
    body=${answer%$'\n'*}
    [ "$status" = 200 ] || die "sign-in as $username refused ($status): $body"
    token=$(printf '%s' "$body" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
    [ -n "$token" ] || die "no access token in the sign-in answer: $body"
  fi
  answer=$(curl -sS -w '\n%{http_code}' -X POST -H "Authorization: Bearer $token" "$url/api/v1/admin/backups") \
    || die "cannot reach EventFlow at $url"
  status=${answer##*$'\n'}
  body=${answer%$'\n'*}
  [ "$status" = 201 ] || die "backup refused ($status): $body"
  printf '%s\n' "$body" | sed -n 's/.*"file" *: *"\([^"]*\)".*/\1/p'
}

# The storage and thumbnail keys of every photo row in a dump, one a line (from the dump's COPY of public.photos).
photo_keys_of_dump() { # dump
  "$PG_RESTORE" --data-only --table=photos -f - "$1" | awk '
    /^COPY [a-z_."]*photos \(/ {
      header = $0; sub(/^[^(]*\(/, "", header); sub(/\).*$/, "", header)
      n = split(header, columns, /, /)
      for (i = 1; i <= n; i++) { if (columns[i] == "storage_key") s = i; if (columns[i] == "thumbnail_key") t = i }
      copying = 1; next
    }
    copying && /^\\\.$/ { copying = 0; next }
    copying { split($0, fields, "\t"); print fields[s]; print fields[t] }'
}

postgres_backup() {
  pg_environment
  PG_DUMP=$(pg_program pg_dump)
  PG_RESTORE=$(pg_program pg_restore)
  [ -d "$photos" ] || die "no photo directory at $photos (--photos or EVENTFLOW_MEDIA_DIRECTORY)"
  tar --version 2>/dev/null | grep -q 'GNU tar' || die "GNU tar is needed"
  mkdir -p "$out"
  local stamp name attempt missing missing_before="" status
  for attempt in 1 2 3; do
    stamp=$(date -u +%Y%m%dT%H%M%S.%3NZ)
    name="eventflow-pg-$stamp.tar"
    partial="$out/.$name.partial"
    staging="$out/.$name.staging"
    rm -rf "$staging" "$partial"
    mkdir -p "$staging"
    trap 'rm -rf "$staging" "$partial"' EXIT
    # one snapshot of the whole database (pg_dump's repeatable-read transaction), while the nodes keep writing
    "$PG_DUMP" -Fc -f "$staging/database.pgdump" || die "pg_dump of $PGDATABASE on ${PGHOST:-the local socket} failed"
    # then the photos: an upload writes its files before its row, so the dump's rows have theirs, unless a photo was
    # deleted in between (checked below); an upload's temporary files (.upload-*) are left out
    status=0
    tar -cf "$partial" -C "$staging" database.pgdump -C "$(cd "$photos" && pwd)" --exclude='.upload-*' \
      --transform='s,^\.,photos,' --warning=no-file-removed --warning=no-file-changed --ignore-failed-read . || status=$?
    [ "$status" -le 1 ] || die "tar of $photos failed"
    missing=$(comm -23 <(photo_keys_of_dump "$staging/database.pgdump" | sort -u) \
      <(tar -tf "$partial" | sed -n 's,^photos/,,p' | sort -u))
    # files missing in the previous attempt too are not a deletion racing the copy (the row would be gone from this
    # dump) but files lost before the backup began: written all the same (no backup at all would be worse), and named
    if [ -z "$missing" ] || [ -z "$(comm -23 <(echo "$missing") <(echo "$missing_before"))" ]; then
      local rows files
      rows=$(photo_keys_of_dump "$staging/database.pgdump" | wc -l)
      files=$(tar -tf "$partial" | grep -c '^photos/.*[^/]$' || true)
      {
        echo "# EventFlow backup (docs/backup.md); restore with deploy/restore.sh --postgres"
        echo "format=1"
        echo "mode=postgres"
        echo "database=postgresql"
        echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "photos=$((rows / 2))"
        echo "photo_files=$files"
        echo "missing_photo_files=$(echo "$missing" | paste -sd, -)"
        echo "pg_dump=$("$PG_DUMP" --version)"
      } >"$staging/eventflow-backup.properties"
      tar -rf "$partial" -C "$staging" eventflow-backup.properties
      sync "$partial" 2>/dev/null || sync
      mv "$partial" "$out/$name"
      rm -rf "$staging"
      trap - EXIT
      if [ -n "$missing" ]; then
        echo "warning: $(echo "$missing" | wc -l) photo files the database references were missing from $photos" \
          "before the backup began: $(echo "$missing" | head -n 3 | paste -sd' ' -) ..." >&2
      fi
      echo "$(cd "$out" && pwd)/$name"
      return 0
    fi
    echo "attempt $attempt: photo files of the dump were gone before they could be copied (deleted meanwhile?):" \
      "$(echo "$missing" | head -n 3 | paste -sd' ' -) ...; again" >&2
    missing_before=$missing
    rm -rf "$staging" "$partial"
  done
  die "photos kept being deleted while the backup was written; try again"
}

case "$mode" in
  embedded) embedded_backup ;;
  postgres) postgres_backup ;;
esac
