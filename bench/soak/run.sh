#!/usr/bin/env bash
# Soak run of the embedded default (H2) for longer than the pool's max-lifetime; see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
exec python3 bench/soak/soak.py "$@"
