# Shared by deploy/backup.sh and deploy/restore.sh (sourced, not run): the PostgreSQL connection the node uses, the
# PostgreSQL client programs, zip extraction. See docs/backup.md.

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# PG* variables from the node's own settings: SPRING_DATASOURCE_URL (jdbc:postgresql://host[:port][,host2[:port]]/db
# [?sslmode=...]), SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD win over PGHOST, PGPORT, PGDATABASE,
# PGUSER and PGPASSWORD, which are used as they are when the SPRING_ ones are not set.
pg_environment() {
  local url="${SPRING_DATASOURCE_URL:-}"
  if [ -n "$url" ]; then
    case "$url" in
      jdbc:postgresql://*) ;;
      *) die "SPRING_DATASOURCE_URL is not a PostgreSQL JDBC URL: $url" ;;
    esac
    local rest="${url#jdbc:postgresql://}" query="" hosts="" ports="" item host port
    case "$rest" in *\?*) query="${rest#*\?}"; rest="${rest%%\?*}" ;; esac
    local authority="${rest%%/*}" database="${rest#*/}"
    [ "$authority" != "$rest" ] && [ -n "$database" ] || die "SPRING_DATASOURCE_URL names no database: $url"
    IFS=, read -r -a items <<<"$authority"
    for item in "${items[@]}"; do
      host="${item%%:*}"
      port=5432
      [ "$host" != "$item" ] && port="${item#*:}"
      hosts="${hosts:+$hosts,}$host"
      ports="${ports:+$ports,}$port"
    done
    export PGHOST="$hosts" PGPORT="$ports" PGDATABASE="$database"
    local parameter
    IFS='&' read -r -a parameters <<<"$query"
    for parameter in "${parameters[@]}"; do
      case "$parameter" in
        sslmode=*) export PGSSLMODE="${parameter#sslmode=}" ;;
        user=*) export PGUSER="${parameter#user=}" ;;
        password=*) export PGPASSWORD="${parameter#password=}" ;;
      esac
    done
  fi
  if [ -n "${SPRING_DATASOURCE_USERNAME:-}" ]; then export PGUSER="$SPRING_DATASOURCE_USERNAME"; fi
  if [ -n "${SPRING_DATASOURCE_PASSWORD:-}" ]; then export PGPASSWORD="$SPRING_DATASOURCE_PASSWORD"; fi
  [ -n "${PGDATABASE:-}" ] || die "no database named: set SPRING_DATASOURCE_URL (as for the node) or PGHOST/PGDATABASE/PGUSER"
}

# The path of a PostgreSQL client program (pg_dump, pg_restore, psql): on the PATH, else the newest under
# /usr/lib/postgresql. Debian/Ubuntu: apt-get install postgresql-client (its major version at least the server's).
pg_program() { # name
  local found
  found=$(command -v "$1" 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1) || true
  [ -n "$found" ] || die "$1 not found: install the PostgreSQL client programs (Debian/Ubuntu: apt-get install postgresql-client)"
  echo "$found"
}

# The photo directory the node uses: EVENTFLOW_MEDIA_DIRECTORY, else <EVENTFLOW_DATA_DIR or ./data>/photos.
default_photos() {
  echo "${EVENTFLOW_MEDIA_DIRECTORY:-${EVENTFLOW_DATA_DIR:-./data}/photos}"
}

# Unpacks a zip into a directory with whatever is installed: unzip, python3, or the JDK's jar.
unzip_into() { # archive directory
  local archive directory
  archive=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  directory=$2
  if command -v unzip >/dev/null; then
    unzip -q "$archive" -d "$directory"
  elif command -v python3 >/dev/null; then
    python3 -m zipfile -e "$archive" "$directory"
  elif command -v jar >/dev/null; then
    (cd "$directory" && jar xf "$archive")
  else
    die "cannot unpack $archive: install unzip (or python3)"
  fi
}

# The value of one key of a manifest (key=value lines) read from stdin.
manifest_value() { # key
  sed -n "s/^$1=//p" | head -n 1
}

# true when the directory exists and holds anything
not_empty() { # directory
  [ -d "$1" ] && [ -n "$(ls -A "$1")" ]
}
