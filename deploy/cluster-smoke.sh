#!/usr/bin/env bash
# Smoke test of deploy/cluster.sh: up 2 -> requests through nginx (EventFlow's port and both compatibility ports,
# sign-up and sign-in, a mail into the SMTP sink) -> kill node 1 -> requests still answered -> start 1 -> down.
# Prints PASS or FAIL and exits 0 or 1. Runs on ports, a database, Redis keys and RabbitMQ queues of its own (a
# random port block in 20000-29999, database eventflow_smoke_<random>), so it never meets a running cluster or the
# test suite; everything it started is stopped and its database dropped on any exit. Called by .ci/run after the
# suite (the jar is built by then; otherwise cluster.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTER=deploy/cluster.sh
started=$SECONDS
run_id=$(date +%s)$RANDOM
failures=0
cluster_up=false

pass() { printf '  ok    %s\n' "$*"; }
fail() { printf '  FAIL  %s\n' "$*"; failures=$((failures + 1)); }

free_block() { # a block of 100 ports nobody listens on
  local base p _
  for _ in $(seq 1 20); do
    base=$((20000 + RANDOM % 100 * 100))
    for p in $base $((base + 11)) $((base + 12)) $((base + 21)) $((base + 22)) $((base + 10)) $((base + 20)) \
      $((base + 25)) $((base + 80)) $((base + 81)) $((base + 82)); do
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue 2
    done
    echo "$base"
    return 0
  done
  echo "no free port block found" >&2
  return 1
}

base=$(free_block)
export EVENTFLOW_CLUSTER_DIR
EVENTFLOW_CLUSTER_DIR=$(mktemp -d /tmp/eventflow-cluster-smoke.XXXXXX)
export EVENTFLOW_CLUSTER_NODE_PORT=$base            # node I on base+10*I, +1, +2
export EVENTFLOW_CLUSTER_SMTP_PORT=$((base + 25))
export EVENTFLOW_CLUSTER_PORT=$((base + 80))
export EVENTFLOW_CLUSTER_COMPAT_PORT=$((base + 81))
export EVENTFLOW_CLUSTER_V1_PORT=$((base + 82))
export EVENTFLOW_CLUSTER_DB=eventflow_smoke_$run_id
export EVENTFLOW_CLUSTER_TIMEOUT=${EVENTFLOW_CLUSTER_TIMEOUT:-300}
# passed on to the nodes: keys and queues of this run only; its queues vanish 10 minutes after it
export EVENTFLOW_REDIS_KEY_PREFIX=eventflow-smoke-$run_id:
export EVENTFLOW_RABBITMQ_PREFIX=eventflow-smoke-$run_id.
export EVENTFLOW_RABBITMQ_QUEUE_EXPIRY=10m
STATE=$EVENTFLOW_CLUSTER_DIR
B=http://127.0.0.1:$EVENTFLOW_CLUSTER_PORT

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if $cluster_up; then
    bash $CLUSTER down >/dev/null 2>&1 || true
  fi
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $EVENTFLOW_CLUSTER_DB WITH (FORCE)" \
    >/dev/null 2>&1 || true
  local left
  left=$(ps -eo pid=,args= | grep -F "$STATE" | grep -v grep || true)
  if [ -n "$left" ]; then
    echo "processes left behind:" >&2
    echo "$left" >&2
    code=1
  fi
  if [ "$code" -eq 0 ] && [ "$failures" -eq 0 ]; then
    rm -rf "$STATE"
    echo "cluster smoke: PASS ($((SECONDS - started)) s)"
    exit 0
  fi
  echo "cluster smoke: FAIL ($((SECONDS - started)) s); logs kept in $STATE" >&2
  exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status_of() { # curl args... -> the status code
  curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$@" || true
}

expect() { # description expected-status curl args...
  local what=$1 want=$2 got
  shift 2
  got=$(status_of "$@")
  if [ "$got" = "$want" ]; then pass "$what ($got)"; else fail "$what: expected $want, got $got"; fi
}

json_post() { # path body
  curl -s --max-time 20 "$B$1" -H 'Content-Type: application/json' -d "$2" || true
}

served_by() { # port -> how many requests in nginx's log went to 127.0.0.1:port
  grep -c "upstream=[^ ]*127.0.0.1:$1[, ]" "$STATE/nginx-access.log" || true
}

echo "== cluster smoke: up 2 (state $STATE, nginx on $EVENTFLOW_CLUSTER_PORT)"
cluster_up=true
t=$SECONDS
bash $CLUSTER up 2
echo "   up 2 took $((SECONDS - t)) s"

echo "== through nginx"
expect "GET /api/v1/events" 200 "$B/api/v1/events"
expect "readiness" 200 "$B/actuator/health/readiness"
user=smoke_$run_id
answer=$(json_post /api/v1/auth/register \
  "{\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"smoke-password-1\",\"role\":\"organizer\"}")
[[ $answer == *access_token* ]] && pass "register" || fail "register: $answer"
answer=$(json_post /api/v1/auth/login "{\"username\":\"$user\",\"password\":\"smoke-password-1\"}")
token=$(sed -n -E 's/.*"access_token":"([^"]+)".*/\1/p' <<<"$answer")
[ -n "$token" ] && pass "login" || fail "login: $answer"
for _ in 1 2; do # one token, both nodes: they share the signing secret
  expect "GET /api/v1/users/me" 200 "$B/api/v1/users/me" -H "Authorization: Bearer $token"
done
expect "old APIs (seeds 000-002): GET /events/get_all" 200 "http://127.0.0.1:$EVENTFLOW_CLUSTER_COMPAT_PORT/events/get_all"
expect "seed 004: GET /api/v1/events" 200 "http://127.0.0.1:$EVENTFLOW_CLUSTER_V1_PORT/api/v1/events"
expect "POST /api/v1/auth/forgot-password" 202 "$B/api/v1/auth/forgot-password" \
  -H 'Content-Type: application/json' -d "{\"email\":\"$user@example.com\"}"
mail=""
for _ in $(seq 1 60); do
  mail=$(grep -l "X-Envelope-To: <$user@example.com>" "$STATE"/mail/*.eml 2>/dev/null | xargs -r grep -l "reset-password" || true)
  [ -n "$mail" ] && break
  sleep 1
done
[ -n "$mail" ] && pass "reset mail in the SMTP sink ($(basename "$mail"))" || fail "no reset mail in $STATE/mail"
node1=$((base + 10)) node2=$((base + 20))
if [ "$(served_by $node1)" -gt 0 ] && [ "$(served_by $node2)" -gt 0 ]; then
  pass "round-robin: node 1 answered $(served_by $node1), node 2 $(served_by $node2) requests"
else
  fail "round-robin: node 1 answered $(served_by $node1), node 2 $(served_by $node2) requests"
fi

echo "== kill 1"
bash $CLUSTER kill 1
for i in 1 2 3 4 5 6; do
  expect "GET /api/v1/events, node 1 dead ($i)" 200 "$B/api/v1/events"
done
answer=$(json_post /api/v1/auth/login "{\"username\":\"$user\",\"password\":\"smoke-password-1\"}")
[[ $answer == *access_token* ]] && pass "login (a POST), node 1 dead" || fail "login, node 1 dead: $answer"
expect "old APIs, node 1 dead" 200 "http://127.0.0.1:$EVENTFLOW_CLUSTER_COMPAT_PORT/events/get_all"
expect "seed 004, node 1 dead" 200 "http://127.0.0.1:$EVENTFLOW_CLUSTER_V1_PORT/api/v1/events"

echo "== start 1"
t=$SECONDS
bash $CLUSTER start 1
echo "   start 1 took $((SECONDS - t)) s"
bash $CLUSTER status
expect "node 1 ready again" 200 "http://127.0.0.1:$node1/actuator/health/readiness"
before=$(served_by $node1)
for i in 1 2 3 4; do
  expect "GET /api/v1/events, node 1 back ($i)" 200 "$B/api/v1/events"
done
[ "$(served_by $node1)" -gt "$before" ] && pass "node 1 answers through nginx again" \
  || fail "node 1 got no request through nginx after its restart"

echo "== down"
bash $CLUSTER down
cluster_up=false
left=$(ps -eo pid=,args= | grep -F "$STATE" | grep -v grep || true)
[ -z "$left" ] && pass "no process left" || fail "processes left: $left"
[ "$failures" -eq 0 ]
