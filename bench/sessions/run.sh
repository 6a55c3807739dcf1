#!/usr/bin/env bash
# What a signed-in browser's request costs with the web UI's sessions in the database (Spring Session JDBC).
#
#   bench/sessions/run.sh [JAR ...]        default: the packaged target/eventflow-*.jar
#   ROUNDS=3 DURATION=10 bench/sessions/run.sh before.jar target/eventflow-0.1.0-SNAPSHOT.jar
#
# Give it two builds (before and after a change) to compare them on the same machine, back to back. For each jar:
# a fresh database on the local PostgreSQL, one node (no Redis, no RabbitMQ, rate limits off), a user signed in through
# the login form (curl), then wrk (-t2 -c8) on
#   profile  GET /profile with the session cookie (a page for signed-in users)
#   profile1 the same, one request at a time (wrk -t1 -c1): its average is the time of one request on an idle node
#   css      GET /css/eventflow.css with the session cookie (one of the four files every page loads)
#   login    GET /login without a cookie (an anonymous visitor on a page with a form: its CSRF token needs a session)
#   home     GET / without a cookie (the reference: a page that needs no session)
# and, from PostgreSQL's own counters (pg_stat_user_tables) over each run, per request: the scans of the session table
# (a SELECT by the cookie's id, and an UPDATE finding its row), the rows updated and inserted there, and the scans of users
# (the session guard's check, and the page's own reads). Medians of the rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-15}
PORT=${PORT:-18480}
PG=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
DB=eventflow_bench_sessions
JAVA=$(ls -d /usr/lib/jvm/temurin-2*/bin/java 2>/dev/null | tail -1)
JAVA=${JAVA:-java}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=(target/eventflow-*.jar)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

stat_of() { # table -> "scans updates inserts" since the database's start
  "${PG[@]}" -d "$DB" -c "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) || ' ' || coalesce(sum(n_tup_upd), 0)
                          || ' ' || coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname = '$1'"
}

run_wrk() { # url [cookie] -> "req/s avg_ms session_scans/req session_updates/req session_inserts/req users_scans/req"
  local url=$1 cookie=${2:-} out s0 s1 u0 u1 threads=${THREADS:-2} connections=${CONNECTIONS:-8}
  # a backend reports its counters when idle, at the latest 10 s later (PostgreSQL 15): wait them out on both sides
  sleep 11; s0=$(stat_of spring_session); u0=$(stat_of users)
  local headers=(-H "Accept: text/html")
  [ -z "$cookie" ] || headers+=(-H "Cookie: $cookie")
  out=$(wrk -t"$threads" -c"$connections" -d"${DURATION}s" "${headers[@]}" "$url")
  sleep 11; s1=$(stat_of spring_session); u1=$(stat_of users)
  if echo "$out" | grep -q "Non-2xx"; then echo "$url: $(echo "$out" | grep Non-2xx)" >&2; fi
  echo "$out" | awk -v s0="$s0" -v s1="$s1" -v u0="$u0" -v u1="$u1" '
    /requests in/ {n = $1}
    /Requests\/sec/ {rps = $2}
    /Latency/ {v = $2; if (v ~ /us$/) {sub("us", "", v); v = v / 1000} else if (v ~ /ms$/) {sub("ms", "", v)} else {sub("s", "", v); v = v * 1000}; lat = v}
    END {split(s0, a, " "); split(s1, b, " "); split(u0, c, " "); split(u1, d, " ");
         printf "%s %s %.2f %.2f %.2f %.2f\n", rps, lat, (b[1]-a[1])/n, (b[2]-a[2])/n, (b[3]-a[3])/n, (d[1]-c[1])/n}'
}

for jar in "${jars[@]}"; do
  echo "== $jar"
  "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  data=$(mktemp -d)
  "$JAVA" -Xmx512m -jar "$jar" --server.port="$PORT" \
      --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --spring.datasource.username=postgres \
      --spring.datasource.password= --eventflow.data-dir="$data" --eventflow.redis.enabled=false \
      --spring.rabbitmq.host= --spring.mail.host= --eventflow.rate-limit.enabled=false \
      --eventflow.demo-data.enabled=false --eventflow.compat.enabled=false --eventflow.identity.bcrypt-strength=4 \
      --logging.level.root=WARN >"$data/node.log" 2>&1 &
  node=$!
  trap 'kill $node 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break
    sleep 1
  done
  base="http://127.0.0.1:$PORT"
  curl -fs -o /dev/null -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
      -d '{"username":"bench-user","email":"bench@example.test","password":"bench-password-1","role":"attendee"}'
  jarfile="$data/cookies"
  csrf=$(curl -fs -c "$jarfile" -b "$jarfile" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fs -o /dev/null -c "$jarfile" -b "$jarfile" "$base/login" --data-urlencode "username=bench-user" \
      --data-urlencode "password=bench-password-1" --data-urlencode "_csrf=$csrf"
  cookie=$(awk '$6 == "SESSION" || $6 == "JSESSIONID" {print $6 "=" $7}' "$jarfile" | tail -1)
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/profile")" = 200 ] || { echo "not signed in"; exit 1; }
  echo "cookie: ${cookie%%=*}"
  DURATION=$WARMUP run_wrk "$base/profile" "$cookie" >/dev/null
  DURATION=$WARMUP run_wrk "$base/css/eventflow.css" "$cookie" >/dev/null
  declare -A results=()
  for round in $(seq 1 "$ROUNDS"); do
    results[profile]+="$(run_wrk "$base/profile" "$cookie")"$'\n'
    results[profile1]+="$(THREADS=1 CONNECTIONS=1 run_wrk "$base/profile" "$cookie")"$'\n'
    results[css]+="$(run_wrk "$base/css/eventflow.css" "$cookie")"$'\n'
    results[login]+="$(run_wrk "$base/login")"$'\n'
    results[home]+="$(run_wrk "$base/")"$'\n'
  done
  printf '%-8s %9s %8s %14s %16s %16s %12s\n' scenario "req/s" "avg ms" "session scans" "session updates" "session inserts" "users scans"
  for name in profile profile1 css login home; do
    rows=$(printf '%s' "${results[$name]}" | sed '/^$/d')
    printf '%-8s %9s %8s' "$name" "$(echo "$rows" | awk '{print $1}' | median)" "$(echo "$rows" | awk '{print $2}' | median)"
    for column in 3 4 5 6; do
      printf ' %15s' "$(echo "$rows" | awk -v c=$column '{print $c}' | median)"
    done
    echo
  done
  echo "(per request, from pg_stat_user_tables: index or table scans — an UPDATE finds its row by one too —, rows updated, rows inserted)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$node"; wait "$node" 2>/dev/null || true
  trap - EXIT
  rm -rf "$data"
done
