#!/usr/bin/env bash
# Attendee export benchmark (see bench/README.md). Needs the local PostgreSQL (and Redis, as every node does).
set -euo pipefail
cd "$(dirname "$0")/../.."
ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
exec python3 bench/export/bench.py "$@"
