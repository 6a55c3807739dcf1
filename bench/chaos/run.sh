#!/usr/bin/env bash
# The fault run (bench/README.md, "Fault run"): a cluster behind nginx (deploy/cluster.sh), load the whole time,
# faults injected in turn, the outcome verified from the database, the SMTP sink and the clients.
# It stops and restarts this machine's Redis, RabbitMQ and PostgreSQL: run it where nothing else uses them (never
# next to a test run).
# Usage: bench/chaos/run.sh [--nodes 2] [--ws 1000] [--users 240] [--rate 25] [--observe 30] [--faults node,redis,...]
#        [--drain-minutes 15]
set -euo pipefail
cd "$(dirname "$0")/../.."

nodes=2
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

# the JDK finder and the installers .ci/run and deploy/cluster.sh use
source deploy/servers.sh
ensure_jdk
java=$(find_java)
command -v redis-cli >/dev/null || apt_install redis-tools

export EVENTFLOW_CLUSTER_DIR=${EVENTFLOW_CLUSTER_DIR:-/tmp/eventflow-chaos}
export EVENTFLOW_CLUSTER_DB=${EVENTFLOW_CLUSTER_DB:-eventflow_chaos}
# One load generator from one address: the rate limits would only measure themselves.
export EVENTFLOW_RATE_LIMIT_ENABLED=false
# The run outlasts the default 15-minute access token; its clients do not refresh.
export EVENTFLOW_IDENTITY_JWT_ACCESS_TOKEN_TTL=1h

deploy/cluster.sh down >/dev/null 2>&1 || true
rm -rf "$EVENTFLOW_CLUSTER_DIR"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $EVENTFLOW_CLUSTER_DB WITH (FORCE)"
trap 'deploy/cluster.sh down' EXIT
deploy/cluster.sh up "$nodes"

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ); $nodes nodes; $("$java" -version 2>&1 | head -1)"
"$java" -Xmx768m bench/chaos/ChaosRun.java --base "http://127.0.0.1:${EVENTFLOW_CLUSTER_PORT:-9080}" \
  --db "$EVENTFLOW_CLUSTER_DB" --mail "$EVENTFLOW_CLUSTER_DIR/mail" --cluster deploy/cluster.sh \
  --pg-version "$(ls /etc/postgresql | sort -V | tail -n 1)" "${args[@]}"
