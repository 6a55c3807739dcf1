#!/usr/bin/env bash
# What decoding uploads costs the readers of one node (issue 18); see bench/README.md, "media".
#
#   bench/media/run.sh [JAR ...]                 default: the packaged target/eventflow-*.jar (built if missing)
#   DURATION=20 bench/media/run.sh before.jar target/eventflow-0.1.0-SNAPSHOT.jar
#   NODE_ARGS=--eventflow.media.max-concurrent-decodes=2 bench/media/run.sh   # another setting, same build
#
# For each jar (give two to compare builds back to back on the same machine): the embedded default (H2 in a fresh data
# directory, no server needed; rate limits off, 1 GB heap), then bench/media/MediaBench.java: GET /api/v1/events/{id}
# alone (the reference), then while 8 clients upload the worst-case PNG in a loop, then while they upload a PNG just
# under the decoding budget; p50/p99 of the reads side by side with the upload outcomes and times.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20}
PORT=${PORT:-18490}
java=""
for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -r); do
  if "$candidate" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then java=$candidate; break; fi
done
[ -n "$java" ] || { echo "No JDK >= 21 under /usr/lib/jvm" >&2; exit 1; }

jars=("$@")
if [ ${#jars[@]} -eq 0 ]; then
  ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
  jars=(target/eventflow-*.jar)
fi
work=$(mktemp -d)
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ); $("$java" -version 2>&1 | head -1)"

for jar in "${jars[@]}"; do
  echo "== $jar ${NODE_ARGS:-}"
  data=$(mktemp -d)
  "$java" -Xmx1g -jar "$jar" --server.port="$PORT" --eventflow.data-dir="$data" --eventflow.demo-data.enabled=false \
      --eventflow.rate-limit.enabled=false --logging.level.root=WARN ${NODE_ARGS:-} >"$data/node.log" 2>&1 &
  node=$!
  trap 'kill $node 2>/dev/null || true' EXIT
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break
    sleep 1
  done
  "$java" bench/media/MediaBench.java "http://127.0.0.1:$PORT" --duration "$DURATION" --work "$work"
  grep -E "OutOfMemory|ERROR" "$data/node.log" | head -3 || true
  kill "$node"; wait "$node" 2>/dev/null || true
  trap - EXIT
  rm -rf "$data"
done
rm -rf "$work"
