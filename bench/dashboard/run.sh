#!/usr/bin/env bash
# The dashboard's SQL at 100,000 bookings of one event, next to the statistics query and without its indexes.
# Needs the local PostgreSQL (127.0.0.1:5432, trust) and psql/pgbench; see bench/README.md#dashboard.
set -euo pipefail
cd "$(dirname "$0")"
exec python3 bench.py "$@"
