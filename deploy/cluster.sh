#!/usr/bin/env bash
# A local EventFlow cluster on one machine, without Docker: N nodes from the packaged jar on the local PostgreSQL,
# Redis and RabbitMQ, an SMTP sink, and nginx in front (round-robin). Made to be started, broken and mended by
# hand or by a fault-injection script. See docs/cluster.md.
#
#   deploy/cluster.sh up N            start N nodes (or those of 1..N that are missing), the SMTP sink and nginx;
#                                     returns once readiness answers through nginx
#   deploy/cluster.sh status          nodes (pid, ports, alive, readiness), nginx, SMTP sink
#   deploy/cluster.sh kill I          kill -9 node I (1-based)
#   deploy/cluster.sh stop I          stop node I gracefully (SIGTERM, wait)
#   deploy/cluster.sh start I         start node I again; returns when it is ready
#   deploy/cluster.sh smtp stop|start stop or start the SMTP sink (stopped, SMTP connections are refused)
#   deploy/cluster.sh down            stop everything this script started, and nothing else
#   deploy/cluster.sh nginx-conf compose [N] | local N
#                                     print the nginx configuration (compose: the one in deploy/nginx.conf)
#
# Settings (environment): EVENTFLOW_CLUSTER_DIR (/tmp/eventflow-cluster), EVENTFLOW_CLUSTER_PORT (9080),
# EVENTFLOW_CLUSTER_COMPAT_PORT (8000), EVENTFLOW_CLUSTER_V1_PORT (5000), EVENTFLOW_CLUSTER_NODE_PORT (9100: node I
# listens on 9100+10*I, its compatibility ports on +1 and +2), EVENTFLOW_CLUSTER_SMTP_PORT (2525),
# EVENTFLOW_CLUSTER_DB (eventflow_cluster), EVENTFLOW_CLUSTER_BIND (127.0.0.1: nginx's address),
# EVENTFLOW_CLUSTER_TIMEOUT (180: seconds a node may take to become ready). They are fixed at the first `up` and
# kept in the state directory until `down`. Every other EVENTFLOW_*, SPRING_*, SERVER_*, MANAGEMENT_*, LOGGING_*
# variable and JAVA_OPTS is passed to the nodes (taken at the first `up`; a later `start` or `up` overlays the
# caller's own), and so are the AWS SDK's AWS_* variables (S3 credentials).
# Photos: in the shared directory STATE/media by default; with EVENTFLOW_MEDIA_STORAGE=s3 in a bucket: the one
# EVENTFLOW_MEDIA_S3_BUCKET/_ENDPOINT name, or, when neither is set, bucket <db>-photos on the local S3-compatible
# server that `up` and `start` then start (deploy/servers.sh ensure_s3; docs/photos-storage.md).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$REPO/deploy/servers.sh"

# C1 only (TieredStopAtLevel=1): a node starts with half the CPU (23 s instead of 42 s measured), what a cluster that
# is killed and restarted on 2 cores needs most; for load measurements set JAVA_OPTS without it
DEFAULT_JAVA_OPTS="-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
NODE_ENV_PATTERN='^(EVENTFLOW_|SPRING_|SERVER_|MANAGEMENT_|LOGGING_|AWS_|JAVA_OPTS$)'

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*"; }

usage() {
  sed -n '5,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------------------------
# Settings and state

load_settings() {
  STATE=${EVENTFLOW_CLUSTER_DIR:-/tmp/eventflow-cluster}
  mkdir -p "$STATE"
  STATE=$(cd "$STATE" && pwd -P)
  if [ -f "$STATE/cluster.env" ]; then
    # a cluster is (or was) up here: its own settings win over the caller's
    . "$STATE/cluster.env"
  else
    PORT=${EVENTFLOW_CLUSTER_PORT:-9080}
    COMPAT_PORT=${EVENTFLOW_CLUSTER_COMPAT_PORT:-8000}
    V1_PORT=${EVENTFLOW_CLUSTER_V1_PORT:-5000}
    NODE_PORT=${EVENTFLOW_CLUSTER_NODE_PORT:-9100}
    SMTP_PORT=${EVENTFLOW_CLUSTER_SMTP_PORT:-2525}
    DB=${EVENTFLOW_CLUSTER_DB:-eventflow_cluster}
    BIND=${EVENTFLOW_CLUSTER_BIND:-127.0.0.1}
    NODES=0
  fi
  TIMEOUT=${EVENTFLOW_CLUSTER_TIMEOUT:-180}
  [[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "EVENTFLOW_CLUSTER_DB must be a plain lower-case name: $DB"
  for p in "$PORT" "$COMPAT_PORT" "$V1_PORT" "$NODE_PORT" "$SMTP_PORT"; do
    [[ $p =~ ^[0-9]+$ ]] || die "not a port: $p"
  done
  LOCAL_HOST=$BIND
  [ "$BIND" = 0.0.0.0 ] && LOCAL_HOST=127.0.0.1
  return 0
}

save_settings() {
  {
    echo "# settings of the cluster in this directory (deploy/cluster.sh up); removed by down"
    for v in PORT COMPAT_PORT V1_PORT NODE_PORT SMTP_PORT DB BIND NODES; do
      printf '%s=%q\n' "$v" "${!v}"
    done
  } >"$STATE/cluster.env"
}

main_port() { echo $((NODE_PORT + 10 * $1)); }
compat_port() { echo $((NODE_PORT + 10 * $1 + 1)); }
v1_port() { echo $((NODE_PORT + 10 * $1 + 2)); }

check_node_index() {
  [[ ${1:-} =~ ^[1-9][0-9]*$ ]] || die "a node number (1, 2, ...) expected, got '${1:-}'"
  [ "$NODES" -gt 0 ] || die "no cluster in $STATE (deploy/cluster.sh up N)"
  [ "$1" -le "$NODES" ] || die "the cluster has nodes 1..$NODES (deploy/cluster.sh up $1 adds more)"
}

pid_of() { # name -> the pid in STATE/name.pid, if any
  [ -f "$STATE/$1.pid" ] && cat "$STATE/$1.pid" || true
}

# alive only if the pid is still ours: a node runs in its own directory, nginx and the sink name STATE in their
# command line (a pid file may outlive its process, and the pid be reused)
node_alive() {
  local pid
  pid=$(pid_of "node-$1")
  [ -n "$pid" ] && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$STATE/node-$1" ]
}
cmdline_has() { # pid text
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"
}
nginx_alive() { cmdline_has "$(pid_of nginx)" "$STATE/nginx.conf"; }
smtp_alive() { cmdline_has "$(pid_of smtp)" "$STATE/mail"; }

wait_gone() { # pid seconds -> 0 when it is gone
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] || return 0
    sleep 0.1
  done
  return 1
}

http_status() { # url -> the status code, 000 when nothing answers
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" || true
}

readiness() { # port -> UP, DOWN, OUT_OF_SERVICE, ... or "-" when nothing answers
  local body
  body=$(curl -s --max-time 3 "http://127.0.0.1:$1/actuator/health/readiness" || true)
  body=$(sed -n -E 's/.*"status" *: *"([A-Z_]+)".*/\1/p' <<<"$body")
  echo "${body:--}"
}

# ---------------------------------------------------------------------------------------------------------------
# The environment of the nodes

secret_file() { # name length -> a random value kept in STATE/name (mode 600), made once
  if [ ! -s "$STATE/$1" ]; then
    (umask 077 && head -c 256 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c "$2" >"$STATE/$1")
  fi
  chmod 600 "$STATE/$1"
  cat "$STATE/$1"
}

# the settings every node gets unless the caller set them; written once to STATE/node.env (mode 600)
prepare_node_env() {
  [ -f "$STATE/node.env" ] && return 0
  export SPRING_DATASOURCE_URL=${SPRING_DATASOURCE_URL:-jdbc:postgresql://127.0.0.1:5432/$DB}
  export SPRING_DATASOURCE_USERNAME=${SPRING_DATASOURCE_USERNAME-postgres}
  export SPRING_DATASOURCE_PASSWORD=${SPRING_DATASOURCE_PASSWORD-}
  # N nodes share one PostgreSQL (max_connections 100 by default) with whatever else runs on the machine
  export SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=${SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE:-10}
  export SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE=${SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE:-2}
  export SPRING_DATA_REDIS_HOST=${SPRING_DATA_REDIS_HOST:-127.0.0.1}
  export SPRING_RABBITMQ_HOST=${SPRING_RABBITMQ_HOST:-127.0.0.1}
  export SPRING_MAIL_HOST=${SPRING_MAIL_HOST:-127.0.0.1}
  export SPRING_MAIL_PORT=${SPRING_MAIL_PORT:-$SMTP_PORT}
  # keys and queues of this cluster apart from other clusters and test runs on the same Redis and RabbitMQ
  export EVENTFLOW_REDIS_KEY_PREFIX=${EVENTFLOW_REDIS_KEY_PREFIX:-$DB:}
  export EVENTFLOW_RABBITMQ_PREFIX=${EVENTFLOW_RABBITMQ_PREFIX:-$DB.}
  EVENTFLOW_IDENTITY_JWT_SECRET=${EVENTFLOW_IDENTITY_JWT_SECRET:-$(secret_file jwt-secret 64)}
  export EVENTFLOW_IDENTITY_JWT_SECRET
  export EVENTFLOW_IDENTITY_ADMIN_USERNAME=${EVENTFLOW_IDENTITY_ADMIN_USERNAME:-admin}
  export EVENTFLOW_IDENTITY_ADMIN_EMAIL=${EVENTFLOW_IDENTITY_ADMIN_EMAIL:-admin@eventflow.local}
  EVENTFLOW_IDENTITY_ADMIN_PASSWORD=${EVENTFLOW_IDENTITY_ADMIN_PASSWORD:-$(secret_file admin-password 24)}
  export EVENTFLOW_IDENTITY_ADMIN_PASSWORD
  export EVENTFLOW_IDENTITY_PASSWORD_RESET_URL=${EVENTFLOW_IDENTITY_PASSWORD_RESET_URL:-http://localhost:$PORT/reset-password?token=}
  export EVENTFLOW_NOTIFICATION_BASE_URL=${EVENTFLOW_NOTIFICATION_BASE_URL:-http://localhost:$PORT}
  export EVENTFLOW_MEDIA_DIRECTORY=${EVENTFLOW_MEDIA_DIRECTORY:-$STATE/media}
  if [ "${EVENTFLOW_MEDIA_STORAGE:-directory}" = s3 ] && [ -z "${EVENTFLOW_MEDIA_S3_BUCKET:-}${EVENTFLOW_MEDIA_S3_ENDPOINT:-}" ]; then
    # no store named: a bucket of this cluster on the local S3-compatible server (any credentials will do there)
    export EVENTFLOW_MEDIA_S3_BUCKET=${DB//_/-}-photos
    export EVENTFLOW_MEDIA_S3_ENDPOINT=http://127.0.0.1:${EVENTFLOW_S3_PORT:-9320}
    export EVENTFLOW_MEDIA_S3_PATH_STYLE_ACCESS=true
    export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-eventflow-local} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-eventflow-local}
  fi
  # the nodes answer on loopback only: nginx is the way in (and the only trusted proxy, loopback by default)
  export SERVER_ADDRESS=${SERVER_ADDRESS:-127.0.0.1}
  export JAVA_OPTS=${JAVA_OPTS:-$DEFAULT_JAVA_OPTS}
  local name
  (umask 077 && : >"$STATE/node.env.new") # it holds secrets
  {
    echo "# the environment of every node (deploy/cluster.sh up); a later start overlays the caller's own"
    for name in $(compgen -e | grep -E "$NODE_ENV_PATTERN" | grep -v '^EVENTFLOW_CLUSTER_' | sort); do
      printf 'export %s=%q\n' "$name" "${!name}"
    done
  } >>"$STATE/node.env.new"
  mv "$STATE/node.env.new" "$STATE/node.env"
}

# STATE/node.env, then the caller's own settings on top
apply_node_env() {
  local name
  local -A caller=()
  for name in $(compgen -e | grep -E "$NODE_ENV_PATTERN" | grep -v '^EVENTFLOW_CLUSTER_'); do
    caller[$name]=${!name}
  done
  . "$STATE/node.env"
  for name in "${!caller[@]}"; do
    export "$name=${caller[$name]}"
  done
}

ensure_database() {
  command -v psql >/dev/null || apt_install postgresql-client
  if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    createdb -h 127.0.0.1 -U postgres "$DB"
    say "created database $DB"
  fi
}

prepare_java_and_jar() {
  ensure_jdk >&2
  JAVA=$(find_java) || die "no JDK >= 21 under /usr/lib/jvm"
  if [ ! -f "$STATE/eventflow.jar" ]; then
    local jar
    jar=$(ls -t "$REPO"/target/eventflow-*.jar 2>/dev/null | head -n 1 || true)
    if [ -z "$jar" ]; then
      say "no jar in target/: building it (./mvnw -DskipTests package)"
      (cd "$REPO" && ./mvnw -q -B -ntp -DskipTests package)
      jar=$(ls -t "$REPO"/target/eventflow-*.jar | head -n 1)
    fi
    # the nodes run a link to (or copy of) the jar: a rebuild while the cluster runs does not change them
    ln -f "$jar" "$STATE/eventflow.jar" 2>/dev/null || cp "$jar" "$STATE/eventflow.jar"
    say "nodes run $(basename "$jar") (linked as $STATE/eventflow.jar)"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Nodes

launch_node() { # i: start node i in the background (no wait)
  local i=$1 main compat v1
  main=$(main_port "$i") compat=$(compat_port "$i") v1=$(v1_port "$i")
  for p in "$main" "$compat" "$v1"; do
    port_open "$p" && die "node $i: port $p is taken by another process (EVENTFLOW_CLUSTER_NODE_PORT moves the nodes)"
  done
  mkdir -p "$STATE/node-$i"
  printf '\n===== node %s starting %s (port %s, compat %s, v1 %s)\n' "$i" "$(date -u +%FT%TZ)" "$main" "$compat" "$v1" \
    >>"$STATE/node-$i.log"
  # forked inside its directory, so that from the first instant the pid counts as this node's (node_alive)
  cd "$STATE/node-$i"
  (
    apply_node_env
    export SERVER_PORT=$main EVENTFLOW_COMPAT_PORT=$compat EVENTFLOW_COMPAT_V1_PORT=$v1
    export EVENTFLOW_DATA_DIR=$STATE/node-$i/data
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    # its own session: a Ctrl-C in the caller's terminal does not reach it; JAVA_OPTS split on purpose
    # shellcheck disable=SC2086
    exec setsid "$JAVA" $JAVA_OPTS -jar "$STATE/eventflow.jar"
  ) >>"$STATE/node-$i.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$STATE/node-$i.pid"
  cd "$REPO"
}

wait_node_ready() { # i -> 0 when its readiness is UP
  local i=$1 port waited=0
  port=$(main_port "$i")
  while [ "$waited" -lt "$TIMEOUT" ]; do
    if ! node_alive "$i"; then
      echo "node $i exited while starting; the end of $STATE/node-$i.log:" >&2
      tail -n 30 "$STATE/node-$i.log" >&2
      return 1
    fi
    [ "$(http_status "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ] && return 0
    sleep 1
    waited=$((waited + 1))
  done
  echo "node $i was not ready after ${TIMEOUT}s (EVENTFLOW_CLUSTER_TIMEOUT); see $STATE/node-$i.log" >&2
  return 1
}

lock_node() { exec 9>"$STATE/node-$1.lock" && flock 9; }
unlock_node() { exec 9>&-; }

# the local S3-compatible server and the cluster's bucket there, when the nodes keep their photos in it
ensure_photo_store() {
  (
    apply_node_env
    if [ "${EVENTFLOW_MEDIA_STORAGE:-directory}" = s3 ] \
      && [ "${EVENTFLOW_MEDIA_S3_ENDPOINT:-}" = "http://127.0.0.1:${EVENTFLOW_S3_PORT:-9320}" ]; then
      cd "$REPO" && ensure_s3 "$EVENTFLOW_MEDIA_S3_BUCKET"
    fi
  )
}

start_node() { # i: start node i unless it runs; wait until it is ready
  ensure_photo_store
  lock_node "$1"
  if node_alive "$1"; then
    say "node $1 already runs (pid $(pid_of "node-$1"))"
  else
    launch_node "$1"
  fi
  unlock_node
  local started=$SECONDS
  wait_node_ready "$1" || return 1
  say "node $1 ready (pid $(pid_of "node-$1"), port $(main_port "$1"), $((SECONDS - started)) s)"
}

kill_node() { # i
  lock_node "$1"
  local pid
  pid=$(pid_of "node-$1")
  if node_alive "$1"; then
    kill -9 "$pid"
    wait_gone "$pid" 10 || true
    say "node $1 killed (kill -9 $pid)"
  else
    say "node $1 is not running"
  fi
  unlock_node
}

stop_node() { # i
  lock_node "$1"
  local pid
  pid=$(pid_of "node-$1")
  if node_alive "$1"; then
    kill -TERM "$pid"
    if wait_gone "$pid" 60; then
      say "node $1 stopped (pid $pid)"
    else
      kill -9 "$pid" 2>/dev/null || true
      say "node $1 did not stop within 60 s: killed (pid $pid)"
    fi
  else
    say "node $1 is not running"
  fi
  unlock_node
}

# ---------------------------------------------------------------------------------------------------------------
# SMTP sink

start_smtp() {
  if smtp_alive; then
    say "SMTP sink already runs (pid $(pid_of smtp), port $SMTP_PORT)"
    return 0
  fi
  port_open "$SMTP_PORT" && die "SMTP sink: port $SMTP_PORT is taken (EVENTFLOW_CLUSTER_SMTP_PORT)"
  mkdir -p "$STATE/mail"
  (
    cd "$STATE"
    exec setsid "$JAVA" -Xmx64m -XX:+UseSerialGC "$REPO/deploy/SmtpSink.java" "$SMTP_PORT" "$STATE/mail"
  ) >>"$STATE/smtp.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$STATE/smtp.pid"
  wait_for_port "SMTP sink" "$SMTP_PORT" 60 || { tail -n 20 "$STATE/smtp.log" >&2; return 1; }
  say "SMTP sink on 127.0.0.1:$SMTP_PORT (pid $(pid_of smtp)), mail into $STATE/mail"
}

stop_smtp() {
  local pid
  pid=$(pid_of smtp)
  if smtp_alive; then
    kill -TERM "$pid"
    wait_gone "$pid" 10 || kill -9 "$pid" 2>/dev/null || true
    say "SMTP sink stopped: connections to port $SMTP_PORT are refused"
  else
    say "SMTP sink is not running"
  fi
  rm -f "$STATE/smtp.pid"
}

# ---------------------------------------------------------------------------------------------------------------
# nginx: one template for the local cluster and docker-compose.yml (deploy/nginx.conf)

# The part both share: upstreams, the WebSocket upgrade map, proxy settings, the three servers.
# mode: compose | local; n: nodes
nginx_body() {
  local mode=$1 n=$2 i name port listen_main listen_compat listen_v1 access_log
  if [ "$mode" = compose ]; then
    listen_main=8080 listen_compat=8000 listen_v1=5000
    access_log="/var/log/nginx/access.log"
  else
    listen_main=$BIND:$PORT listen_compat=$BIND:$COMPAT_PORT listen_v1=$BIND:$V1_PORT
    access_log="$STATE/nginx-access.log"
  fi
  for name in eventflow eventflow_compat eventflow_v1; do
    case $name in
      eventflow) echo "# the nodes' main port (server.port): API, web UI, WebSockets" ;;
      eventflow_compat) echo "# the nodes' port for the older APIs of seeds 000-002 (eventflow.compat.port)" ;;
      eventflow_v1) echo "# the nodes' port for seed 004's v1 API (eventflow.compat.v1-port)" ;;
    esac
    echo "upstream $name {"
    for ((i = 1; i <= n; i++)); do
      if [ "$mode" = compose ]; then
        case $name in eventflow) port=8080 ;; eventflow_compat) port=8000 ;; eventflow_v1) port=5000 ;; esac
        echo "    server node$i:$port max_fails=3 fail_timeout=5s;"
      else
        case $name in
          eventflow) port=$(main_port "$i") ;; eventflow_compat) port=$(compat_port "$i") ;; eventflow_v1) port=$(v1_port "$i") ;;
        esac
        echo "    server 127.0.0.1:$port max_fails=3 fail_timeout=5s;"
      fi
    done
    if [ $name = eventflow ]; then echo "    keepalive 32;"; else echo "    keepalive 16;"; fi
    echo "}"
    echo
  done
  cat <<EOF
map \$http_upgrade \$connection_upgrade {
    default upgrade;
    ''      '';
}

# which node answered each request (upstream=...; two addresses when the first failed and nginx retried)
log_format eventflow '\$remote_addr [\$time_iso8601] "\$request" \$status \$body_bytes_sent \$request_time '
                     'upstream=\$upstream_addr upstream_status=\$upstream_status request_id=\$request_id';

# as large as the largest body EventFlow takes (a batch of events, a multipart upload: 16 MB)
client_max_body_size 16m;

proxy_http_version 1.1;
proxy_set_header Host \$host;
# overwrite, never append: a client must not choose the address its rate limits are keyed on
proxy_set_header X-Forwarded-For \$remote_addr;
proxy_set_header X-Forwarded-Proto \$scheme;
# also overwritten: Tomcat builds redirects from them, a client must not point those elsewhere. nginx listens on
# the ports clients use, so \$server_port is the public port.
proxy_set_header X-Forwarded-Host \$host;
proxy_set_header X-Forwarded-Port \$server_port;
proxy_set_header X-Request-Id \$request_id;
proxy_set_header Upgrade \$http_upgrade;
proxy_set_header Connection \$connection_upgrade;
# a dead node refuses at once (or, on another machine, within 2 s); nginx passes the request to the next node and,
# after 3 such failures, leaves the node out for 5 s (max_fails/fail_timeout). One failure was too few: in the fault
# run, the surviving node's connects timed out during the reconnect wave of the dead one's WebSockets, nginx marked
# it failed too, and every request got "no live upstreams" for 10 s. Only what never reached a node, or an
# idempotent request (GET, HEAD, PUT, DELETE, ...), is passed on: a POST a node may have acted on is not repeated.
proxy_connect_timeout 2s;
proxy_next_upstream error timeout;
# longer than the nodes' WebSocket ping interval (eventflow.realtime.heartbeat, 25 s), so idle sockets survive
proxy_read_timeout 75s;

server {
    listen $listen_main;
    access_log $access_log eventflow;
    location / {
        proxy_pass http://eventflow;
    }
}

server {
    listen $listen_compat;
    access_log $access_log eventflow;
    location / {
        proxy_pass http://eventflow_compat;
    }
}

server {
    listen $listen_v1;
    access_log $access_log eventflow;
    location / {
        proxy_pass http://eventflow_v1;
    }
}
EOF
}

nginx_conf() { # mode n
  local mode=$1 n=$2
  if [ "$mode" = compose ]; then
    cat <<EOF
# Load balancer in front of the EventFlow nodes of docker-compose.yml (included in the http block of the image's
# nginx.conf). Generated by deploy/cluster.sh, which uses the same template for its local cluster:
#   deploy/cluster.sh nginx-conf compose > deploy/nginx.conf
# NginxConfigTest fails when this file and the generator differ.
#
# Round-robin, no stickiness: the nodes are stateless for API clients. WebSocket upgrades pass through.

EOF
    nginx_body compose "$n"
  else
    local user=""
    if [ "$(id -u)" = 0 ]; then
      user="user nobody $(id -gn nobody 2>/dev/null || echo nobody);"
    fi
    cat <<EOF
# nginx of the local EventFlow cluster in $STATE, generated by deploy/cluster.sh (every up rewrites it).
# A private instance: nginx -p $STATE -c $STATE/nginx.conf; it never touches the system's nginx.
$user
worker_processes 1;
worker_rlimit_nofile 20000;
pid $STATE/nginx.pid;
error_log $STATE/nginx-error.log warn;

events {
    worker_connections 8192;
}

http {
    client_body_temp_path $STATE/nginx-temp/client_body;
    proxy_temp_path $STATE/nginx-temp/proxy;
    fastcgi_temp_path $STATE/nginx-temp/fastcgi;
    uwsgi_temp_path $STATE/nginx-temp/uwsgi;
    scgi_temp_path $STATE/nginx-temp/scgi;

EOF
    nginx_body local "$n" | sed -E 's/^(.)/    \1/'
    echo "}"
  fi
}

nginx_cmd() { "$NGINX" -p "$STATE" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log" "$@"; }

start_nginx() { # n
  NGINX=$(ensure_nginx)
  mkdir -p "$STATE/nginx-temp"
  nginx_conf local "$1" >"$STATE/nginx.conf.new"
  mv "$STATE/nginx.conf.new" "$STATE/nginx.conf"
  if [ "$(id -u)" = 0 ]; then
    chown -R nobody "$STATE/nginx-temp" # the workers run as nobody
  fi
  nginx_cmd -t -q 8>&- 9>&- || die "nginx refused $STATE/nginx.conf"
  if nginx_alive; then
    nginx_cmd -s reload 8>&- 9>&-
    say "nginx reloaded (pid $(pid_of nginx))"
    return 0
  fi
  for p in "$PORT" "$COMPAT_PORT" "$V1_PORT"; do
    port_open "$p" && die "nginx: port $p is taken (EVENTFLOW_CLUSTER_PORT, _COMPAT_PORT, _V1_PORT move it)"
  done
  nginx_cmd 8>&- 9>&- || die "nginx did not start; see $STATE/nginx-error.log"
  local _
  for _ in $(seq 1 50); do
    nginx_alive && break
    sleep 0.1
  done
  nginx_alive || die "nginx did not start; see $STATE/nginx-error.log"
  say "nginx on $BIND:$PORT, $COMPAT_PORT, $V1_PORT (pid $(pid_of nginx))"
}

stop_nginx() {
  local pid
  pid=$(pid_of nginx)
  if nginx_alive; then
    kill -TERM "$pid"
    wait_gone "$pid" 10 || kill -9 "$pid" 2>/dev/null || true
    say "nginx stopped"
  fi
  rm -f "$STATE/nginx.pid"
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  local n=${1:-}
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "usage: deploy/cluster.sh up N (N >= 1)"
  local started=$SECONDS
  # first, so that the servers these may start do not inherit the lock below
  ensure_postgres
  ensure_redis
  ensure_rabbitmq
  exec 8>"$STATE/.up.lock"
  flock -n 8 || die "another 'up' or 'down' runs on $STATE"
  load_settings # again: a concurrent up may have finished meanwhile
  if [ "$NODES" -gt 0 ]; then
    if [ "$n" -lt "$NODES" ]; then
      die "the cluster runs $NODES nodes; stop the ones you do not want (deploy/cluster.sh stop I), or down first"
    fi
    say "a cluster of $NODES nodes is already up in $STATE: starting what is missing of nodes 1..$n"
  fi
  prepare_java_and_jar
  ensure_database
  NODES=$n
  save_settings
  prepare_node_env
  start_smtp
  # node 1 first: it migrates a new database and creates the first admin, which concurrent first starts would race
  # for; then the others at once
  start_node 1
  local i pending=()
  for ((i = 2; i <= n; i++)); do
    lock_node "$i"
    if node_alive "$i"; then
      say "node $i already runs (pid $(pid_of "node-$i"))"
    else
      launch_node "$i"
    fi
    unlock_node
    pending+=("$i")
  done
  for i in "${pending[@]}"; do
    wait_node_ready "$i" || die "node $i did not become ready"
    say "node $i ready (pid $(pid_of "node-$i"), port $(main_port "$i"))"
  done
  start_nginx "$n"
  local _ ok=false
  for _ in $(seq 1 30); do
    if [ "$(http_status "http://$LOCAL_HOST:$PORT/actuator/health/readiness")" = 200 ]; then
      ok=true
      break
    fi
    sleep 1
  done
  $ok || die "nginx does not answer readiness on $LOCAL_HOST:$PORT; see $STATE/nginx-error.log"
  cat <<EOF

EventFlow cluster up: $n nodes behind nginx ($((SECONDS - started)) s)
  EventFlow (API, web UI, WebSockets)  http://localhost:$PORT
  older APIs of seeds 000-002          http://localhost:$COMPAT_PORT
  seed 004's v1 API                    http://localhost:$V1_PORT/api/v1/events
  mail caught by the SMTP sink         $STATE/mail/*.eml
  logs                                 $STATE/node-I.log, nginx-access.log (which node answered), smtp.log
  admin                                admin, password in $STATE/admin-password
  break it                             deploy/cluster.sh kill|stop|start I, smtp stop|start, status, down
EOF
}

cmd_status() {
  if [ "$NODES" -eq 0 ]; then
    echo "no cluster in $STATE"
    return 0
  fi
  local i pid alive ready
  echo "cluster in $STATE: $NODES nodes, database $DB"
  printf '%-6s %-8s %-6s %-7s %-6s %-6s %s\n' node pid port compat v1 alive readiness
  for ((i = 1; i <= NODES; i++)); do
    pid=$(pid_of "node-$i")
    if node_alive "$i"; then alive=yes ready=$(readiness "$(main_port "$i")"); else alive=no ready=-; fi
    printf '%-6s %-8s %-6s %-7s %-6s %-6s %s\n' "$i" "${pid:--}" "$(main_port "$i")" "$(compat_port "$i")" \
      "$(v1_port "$i")" "$alive" "$ready"
  done
  if nginx_alive; then
    echo "nginx  pid $(pid_of nginx), $BIND:$PORT (compat $COMPAT_PORT, v1 $V1_PORT): alive, readiness through it" \
      "$(http_status "http://$LOCAL_HOST:$PORT/actuator/health/readiness")"
  else
    echo "nginx  not running"
  fi
  local mails
  mails=$(find "$STATE/mail" -maxdepth 1 -name '*.eml' 2>/dev/null | wc -l)
  if smtp_alive; then
    echo "smtp   pid $(pid_of smtp), 127.0.0.1:$SMTP_PORT: alive; $mails messages in $STATE/mail"
  else
    echo "smtp   not running (port $SMTP_PORT refuses); $mails messages in $STATE/mail"
  fi
}

cmd_down() {
  exec 8>"$STATE/.up.lock"
  flock -w 600 8 || die "another 'up' or 'down' runs on $STATE"
  local i pid file entry pids=()
  stop_nginx
  for file in "$STATE"/node-*.pid; do
    [ -e "$file" ] || continue
    i=${file##*/node-} i=${i%.pid}
    if node_alive "$i"; then
      pid=$(pid_of "node-$i")
      kill -TERM "$pid"
      pids+=("$i:$pid")
    fi
  done
  for entry in ${pids[@]+"${pids[@]}"}; do
    i=${entry%%:*} pid=${entry#*:}
    if wait_gone "$pid" 60; then
      say "node $i stopped"
    else
      kill -9 "$pid" 2>/dev/null || true
      say "node $i did not stop within 60 s: killed"
    fi
  done
  stop_smtp
  rm -f "$STATE"/node-*.pid "$STATE"/node-*.lock "$STATE/cluster.env" "$STATE/node.env" "$STATE/eventflow.jar"
  say "down; logs and mail stay in $STATE"
}

main() {
  local command=${1:-}
  [ $# -gt 0 ] && shift
  # (no "a && b" chains below: bash ignores set -e inside a function called from one)
  case $command in
    nginx-conf)
      case ${1:-} in
        compose) nginx_conf compose "${2:-2}" ;;
        local)
          [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "usage: deploy/cluster.sh nginx-conf local N"
          load_settings
          nginx_conf local "$2"
          ;;
        *) die "usage: deploy/cluster.sh nginx-conf compose [N] | local N" ;;
      esac
      ;;
    up)
      load_settings
      cmd_up "$@"
      ;;
    status)
      load_settings
      cmd_status
      ;;
    kill | stop | start)
      load_settings
      check_node_index "${1:-}"
      case $command in
        kill) kill_node "$1" ;;
        stop) stop_node "$1" ;;
        start)
          JAVA=$(find_java) || die "no JDK >= 21 under /usr/lib/jvm"
          start_node "$1"
          ;;
      esac
      ;;
    smtp)
      load_settings
      [ "$NODES" -gt 0 ] || die "no cluster in $STATE (deploy/cluster.sh up N)"
      case ${1:-} in
        stop) stop_smtp ;;
        start)
          JAVA=$(find_java) || die "no JDK >= 21 under /usr/lib/jvm"
          start_smtp
          ;;
        *) die "usage: deploy/cluster.sh smtp stop|start" ;;
      esac
      ;;
    down)
      load_settings
      cmd_down
      ;;
    *) usage ;;
  esac
}

main "$@"
