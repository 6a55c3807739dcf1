#!/usr/bin/env bash
# Booking rush benchmark (see bench/README.md). Needs the local PostgreSQL and Redis; installs wrk if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
ulimit -n 65536 2>/dev/null || true
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
exec python3 bench/booking/bench.py "$@"
