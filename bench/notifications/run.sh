#!/usr/bin/env bash
# Notification queue benchmark (see bench/README.md). Needs the local PostgreSQL, Redis and RabbitMQ.
# Usage: bench/notifications/run.sh [--jobs 10000]
set -euo pipefail
cd "$(dirname "$0")/../.."
java=""
for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -r); do
  if "$candidate" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then java=$candidate; break; fi
done
[ -n "$java" ] || { echo "No JDK >= 21 under /usr/lib/jvm" >&2; exit 1; }
ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
# the plain AMQP client for the reference, from the project's own dependencies
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeArtifactIds=amqp-client >/dev/null
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
exec "$java" -Dbench.jar="$(ls target/eventflow-*.jar | head -1)" --class-path "$(cat target/bench-classpath.txt)" \
  bench/notifications/NotificationBench.java "$@"
