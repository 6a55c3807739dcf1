#!/usr/bin/env bash
# Activity-feed benchmark (see bench/README.md). Needs the local PostgreSQL; installs wrk if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
exec python3 bench/social/bench.py "$@"
