# Make sure the local servers EventFlow talks to are there: PostgreSQL, Redis and RabbitMQ on 127.0.0.1,
# a JDK >= 21 under /usr/lib/jvm, nginx. Sourced (not run) by .ci/run and deploy/cluster.sh, so both start and
# install them the same way. Debian/Ubuntu: installing needs the rights to run apt-get.
#
# Functions: ensure_postgres, ensure_redis, ensure_rabbitmq (start the server when nothing listens on its port,
# installing the package when missing), ensure_jdk (install one when none), find_java (print the newest
# java >= 21 under /usr/lib/jvm), ensure_nginx (install when missing; print its path), ensure_pg_client (pg_dump,
# pg_restore and psql for deploy/backup.sh, deploy/restore.sh and BackupRestoreIT), ensure_s3 (a local
# S3-compatible server for the photo tests and deploy/cluster.sh), port_open, wait_for_port, apt_install. They never
# stop, restart or reconfigure a server that already runs.

servers_apt_updated=false
apt_install() { # package...
  if ! $servers_apt_updated; then
    apt-get update -qq
    servers_apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

port_open() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() { # name port seconds
  local _
  for _ in $(seq 1 "$3"); do
    port_open "$2" && return 0
    sleep 1
  done
  echo "$1 did not come up on port $2" >&2
  return 1
}

ensure_postgres() {
  port_open 5432 && return 0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    # the tests connect as postgres over TCP without a password, as on the project's machines
    sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "/etc/postgresql/$version/main/pg_hba.conf"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  wait_for_port PostgreSQL 5432 60
}

# pg_dump, pg_restore, psql: on the PATH or under /usr/lib/postgresql (where the server's packages put them), else the
# distribution's postgresql-client (a pg_dump older than the server refuses to dump it, with a message saying so)
ensure_pg_client() {
  command -v pg_dump >/dev/null && command -v pg_restore >/dev/null && command -v psql >/dev/null && return 0
  ls /usr/lib/postgresql/*/bin/pg_restore >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/pg_dump >/dev/null 2>&1 \
    && ls /usr/lib/postgresql/*/bin/psql >/dev/null 2>&1 && return 0
  apt_install postgresql-client
}

ensure_redis() {
  port_open 6379 && return 0
  command -v redis-server >/dev/null || apt_install redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for_port Redis 6379 30
}

ensure_rabbitmq() {
  port_open 5672 && return 0
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  rabbitmq-server -detached
  wait_for_port RabbitMQ 5672 120
}

# The newest JDK >= 21 under /usr/lib/jvm (with javac: the build and source-launched programs need it).
find_java() {
  local java major best="" best_major=0
  for java in /usr/lib/jvm/*/bin/java; do
    [ -x "$java" ] && [ -x "${java%java}javac" ] || continue
    # the first line that names a version: JAVA_TOOL_OPTIONS makes the JVM print "Picked up ..." before it
    major=$("$java" -version 2>&1 | sed -n -E '/ version "/{s/.* version "([0-9]+).*/\1/p;q}')
    [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ] || continue
    best=$java best_major=$major
  done
  [ -n "$best" ] && echo "$best"
}

ensure_jdk() {
  find_java >/dev/null && return 0
  echo "No JDK >= 21 under /usr/lib/jvm; installing one"
  apt_install openjdk-21-jdk-headless || apt_install openjdk-25-jdk-headless
}

ensure_nginx() { # prints the nginx binary
  local nginx
  nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null) || true
  if [ -z "$nginx" ]; then
    apt_install nginx >&2
    nginx=/usr/sbin/nginx
  fi
  echo "$nginx"
}

# A local S3-compatible server on 127.0.0.1:${EVENTFLOW_S3_PORT:-9320} (HTTPS on the next port): Adobe's S3Mock, its
# standalone jar from Maven Central at the version pom.xml names (s3mock.version), fetched with the project's Maven
# wrapper, run on the JDK find_java picks. For the photo tests (S3PhotoStoreIT and others, which fail with a message
# pointing here when it is down) and deploy/cluster.sh with EVENTFLOW_MEDIA_STORAGE=s3. It accepts any credentials.
# Its objects live under $EVENTFLOW_S3_HOME (default /var/tmp/eventflow-s3) and survive restarts. ensure_s3 BUCKET...
# also creates those buckets (an existing one is kept). Run from the repository's root.
ensure_s3() { # [bucket...]
  local port=${EVENTFLOW_S3_PORT:-9320} home=${EVENTFLOW_S3_HOME:-/var/tmp/eventflow-s3} version java bucket
  if ! port_open "$port"; then
    version=$(sed -n -E 's|.*<s3mock.version>([^<]+)</s3mock.version>.*|\1|p' pom.xml)
    [ -n "$version" ] || { echo "pom.xml names no s3mock.version" >&2; return 1; }
    mkdir -p "$home/data"
    if [ ! -f "$home/s3mock-$version-exec.jar" ]; then
      ./mvnw -q -B -ntp dependency:copy -Dartifact="com.adobe.testing:s3mock:$version:jar:exec" \
        -DoutputDirectory="$home" -Dmdep.overWriteIfNewer=true >&2
    fi
    java=$(find_java) || { echo "no JDK >= 21 for the S3 server (ensure_jdk)" >&2; return 1; }
    # setsid: the server outlives the shell that started it (a CI step, cluster.sh)
    setsid "$java" -Xmx384m -XX:TieredStopAtLevel=1 -jar "$home/s3mock-$version-exec.jar" \
      --http.port="$port" --server.port=$((port + 1)) --server.address=127.0.0.1 \
      --com.adobe.testing.s3mock.store.root="$home/data" --com.adobe.testing.s3mock.store.retain-files-on-exit=true \
      --com.adobe.testing.s3mock.max-payload-size=64MB --spring.main.banner-mode=off \
      >"$home/s3mock.log" 2>&1 </dev/null &
    echo $! >"$home/s3mock.pid"
    wait_for_port "S3 server (log: $home/s3mock.log)" "$port" 180 || return 1
  fi
  for bucket in "$@"; do
    # path-style PUT without signature: S3Mock takes it; 200 made it, 409 it was there
    curl -s -o /dev/null -w '%{http_code}' -X PUT "http://127.0.0.1:$port/$bucket" | grep -q -E '^(200|409)$' \
      || { echo "could not create bucket $bucket on the S3 server at port $port" >&2; return 1; }
  done
}
