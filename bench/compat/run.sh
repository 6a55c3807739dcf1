#!/usr/bin/env bash
# Whole-list benchmark of the old APIs (see bench/README.md, `compat`). Needs the local PostgreSQL; installs nginx
# and pgbench (postgresql-client) if missing.
# Usage: bench/compat/run.sh [--events 100000] [--heaps 256m,default] [--repeats 3] [--warmup 3] [--concurrency 4,5,8,16]
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v pgbench >/dev/null || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
export PATH="$PATH:/usr/sbin"
(exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start

ls target/eventflow-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); $(date -u +%Y-%m-%dT%H:%MZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
exec python3 bench/compat/bench.py "$@"
