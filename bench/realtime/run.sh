#!/usr/bin/env bash
# Real-time fan-out benchmark (see bench/README.md). Needs the local PostgreSQL and Redis.
# Usage: bench/realtime/run.sh [--clients 10000] [--updates 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
java=""
for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -r); do
  if "$candidate" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then java=$candidate; break; fi
done
[ -n "$java" ] || { echo "No JDK >= 21 under /usr/lib/jvm" >&2; exit 1; }
command -v redis-benchmark >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-tools; }
ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
# 10,000 client sockets here and as many in the server: past the usual soft limit of 1,024 descriptors.
# Raise the soft limit to the hard one (20,000 on our machines; each process needs ~10,100).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 10200 ] || echo "warning: only $(ulimit -n) file descriptors per process"
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ); $("$java" -version 2>&1 | head -1)"
exec "$java" -Xmx2g bench/realtime/RealtimeBench.java --jar "$(ls target/eventflow-*.jar | head -1)" "$@"
