#!/usr/bin/env bash
# Catalog writes and the plain list (see bench/README.md, "catalog writes"). Needs the local PostgreSQL and Redis.
# Usage: bench/catalog/run-writes.sh [--rounds 3] [--duration 10] [--events 100000] [--only list|create|batch]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null && command -v pgbench >/dev/null \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-client; }
ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); $(date -u +%Y-%m-%dT%H:%MZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
exec python3 bench/catalog/writes.py "$@"
