#!/usr/bin/env python3
"""Conditional reads: what a revalidation (304) costs next to the full read (200) of the same resource.

Loads the catalog benchmark's events into a database of its own, starts EventFlow on it, warms the JIT up, then
measures in interleaved rounds, each pair back to back so both see the same machine:

  by_id      GET /api/v1/events/{id}                              the full read (200, ~700 bytes)
  by_id_304  the same with If-None-Match: <its ETag>               revalidation: three numbers by primary key, no body
  list       GET /api/v1/events?category=concert&sort=-popularity  a page of 20 (200, ~14 KB)
  list_304   the same with If-None-Match: <its ETag>               the search still runs; no body is sent

and prints req/s, p50/p99, EventFlow's own CPU time per request (from /proc: what a request costs the node,
which holds up on a machine busy with other work where req/s do not) and the ratios 304 / 200 of each pair
(medians over the rounds).

Usage: bench/catalog/run-conditional.sh [--rounds N] [--duration S] [--warmup S] [--events N]
Only the Python standard library is used; wrk comes from Debian's package.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as common  # noqa: E402  (database, app, wrk)

common.DB = "eventflow_bench_conditional"
# ports of its own, so it can run next to the catalog benchmark
common.APP_PORT = 18180
common.COMPAT_PORT = 18100
APP = f"http://127.0.0.1:{common.APP_PORT}"


def cpu_seconds(pid):
    """User + system CPU the process used so far (/proc): what a request costs the node, whatever else runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read(path, headers=None):
    request = urllib.request.Request(APP + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers.get("ETag"), len(response.read())
    except urllib.error.HTTPError as e:  # urllib raises on 304
        return e.code, e.headers.get("ETag"), len(e.read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--jar", default=None)
    args = parser.parse_args()

    jar = args.jar or str(next((common.ROOT / "target").glob("eventflow-*.jar")))
    java = common.find_jdk()
    common.load_events(args.events)
    print("== Starting EventFlow (creates the schema)", flush=True)
    app = common.App(java, jar, start_seconds=600)  # a loaded 2-core machine can take minutes
    work = Path(tempfile.mkdtemp(prefix="eventflow-bench-conditional-"))
    try:
        common.fill(args.events)
        sample_id = common.psql("SELECT id FROM events ORDER BY created_at LIMIT 1 OFFSET 5000", db=common.DB)
        by_id = f"/api/v1/events/{sample_id}"
        page = "/api/v1/events?category=concert&sort=-popularity"
        scenarios = {}
        for name, path in (("by_id", by_id), ("list", page)):
            status, tag, size = read(path)
            again, _, empty = read(path, {"If-None-Match": tag})
            if status != 200 or again != 304 or empty != 0:
                sys.exit(f"{path}: expected 200 then 304 without body, got {status} ({size} bytes), {again} ({empty} bytes)")
            print(f"   {name}: {path} -> 200, {size} bytes, ETag {tag}; with If-None-Match -> 304, no body")
            scenarios[name] = (path, ())
            scenarios[name + "_304"] = (path, (f"If-None-Match: {tag}",))

        print(f"== Warm-up {args.warmup} s (discarded)", flush=True)
        for name, (path, headers) in scenarios.items():
            common.wrk(APP + path, max(2, args.warmup // len(scenarios)), headers=headers)

        results = {name: {"rps": [], "p50": [], "p99": [], "cpu_us": []} for name in scenarios}
        for round_no in range(1, args.rounds + 1):
            print(f"== Round {round_no}/{args.rounds} (load average {os.getloadavg()[0]:.1f})", flush=True)
            names = list(scenarios)
            if round_no % 2 == 0:  # each pair's members take turns going first
                names = [names[1], names[0], names[3], names[2]]
            for name in names:
                path, headers = scenarios[name]
                before = cpu_seconds(app.proc.pid)
                rps, p50, p99 = common.wrk(APP + path, args.duration, headers=headers)
                cpu_us = (cpu_seconds(app.proc.pid) - before) / (rps * args.duration) * 1e6
                r = results[name]
                r["rps"].append(rps), r["p50"].append(p50), r["p99"].append(p99), r["cpu_us"].append(cpu_us)
                print(f"   {name:10} {rps:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.1f} ms  "
                      f"EventFlow CPU {cpu_us:6.0f} us/request", flush=True)

        med = statistics.median
        print(f"\n== Results: medians of {args.rounds} interleaved rounds, {args.duration} s each, {args.events} events")
        print(f"{'scenario':11}{'req/s':>9}{'vs 200':>8}{'p50 ms':>9}{'p99 ms':>9}{'CPU us/req':>12}{'vs 200':>8}")
        for name, r in results.items():
            base = results[name.removesuffix("_304")]
            print(f"{name:11}{med(r['rps']):9.0f}{med(r['rps']) / med(base['rps']):8.0%}{med(r['p50']):9.2f}"
                  f"{med(r['p99']):9.2f}{med(r['cpu_us']):12.0f}{med(r['cpu_us']) / med(base['cpu_us']):8.0%}")
    finally:
        app.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
