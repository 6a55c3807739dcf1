#!/usr/bin/env python3
"""Whole-list answers of the old APIs: streamed, not held in memory.

Loads 100,000 events (bench/catalog's fill) into a PostgreSQL database of its own, starts EventFlow on it with a
small heap (-Xmx256m; then again with the JVM's default heap), and on the compatibility port fetches in full the
three dialects' whole lists:

  000  GET /events/get_all     seed 000 (Flask events service)
  002  GET /events             seed 002 (Flask event-manager)
  001  GET /api/events/        seed 001 (AlphaBet, Django REST framework)

For each: status, bytes, array elements (the body is parsed), time to the first byte and to the last, MB/s, and the
JVM's heap around it: the live heap after a full GC before, the live heap after a full GC *while 4 downloads (as
many as eventflow.compat.concurrent-lists lets run) are half read* (the clients stop reading, so the server is
blocked mid-stream in each, cursors open), the live heap after, and peak used / old generation / resident memory
sampled every 100 ms (jstat -gc, /proc) during the timed downloads. Then N downloads at once (N = 4, 5, 8, 16 by default; eventflow.compat.concurrent-lists is 4):
the status of each (200, or 503 from the gate after 5 s of waiting; anything else is a failure), whether every 200
is a complete array, and the peak heap.

Target: a stream in flight holds a bounded amount (its 500-row fetch and the write buffers), not the catalog: with
4 streams half sent, the live heap has grown by less than 10 % of the 4 bodies (which are 55-109 MB together).

References in the same run: nginx serving the very bytes of /events/get_all as a static file, fetched by the same
client (throughput); pgbench sending the listing's own SQL (every row, one client) to a client that discards them
(what the database alone takes); and the body's size against the heap limit. The CPU EventFlow's process spent per
download (/proc) is printed too.

Usage: bench/compat/run.sh [--events N] [--heaps 256m,default] [--repeats N] [--warmup N] [--concurrency 4,5,8,16]
Only the Python standard library is used; nginx and pgbench come from Debian, jcmd and jstat from the JDK EventFlow
runs on.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "catalog"))
import bench as common  # noqa: E402  (the catalog benchmark's helpers: database, fill, app, nginx)

common.DB = "eventflow_bench_compat"
ROOT = common.ROOT
ROUTES = [("000", "/events/get_all"), ("002", "/events"), ("001", "/api/events/")]
MB = 1_000_000
IN_FLIGHT = 4  # streams held half sent for the live-heap probe: eventflow.compat.concurrent-lists' default
HELD_LIMIT = 0.10  # of the bodies in flight: a stream holds its 500-row fetch and write buffers, not the catalog


class SmallWindow(http.client.HTTPConnection):
    """A client whose receive buffer is fixed small: on loopback Linux lets it grow to tcp_rmem's maximum (32 MB
    here), enough to swallow the rest of a paused whole list, and the server would not be mid-stream at all."""

    def connect(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 * 1024)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def download(port, path, pause_at=None, on_pause=None):
    """GET path in full; returns status, body, seconds to the headers and to the last byte. With pause_at, stops
    reading after that many bytes, calls on_pause() (the server is then blocked mid-stream), then reads the rest."""
    conn = (SmallWindow if pause_at is not None else http.client.HTTPConnection)("127.0.0.1", port, timeout=300)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    first = time.perf_counter() - start
    body = bytearray()
    paused = None
    while True:
        chunk = response.read1(1 << 20)
        if not chunk:
            break
        body += chunk
        if pause_at is not None and len(body) >= pause_at:
            time.sleep(1.0)  # let the server fill the socket buffers and block in write
            paused = on_pause()
            pause_at = None
    total = time.perf_counter() - start
    conn.close()
    return {"status": response.status, "body": bytes(body), "first": first, "time": total, "paused": paused}


def elements(body):
    try:
        parsed = json.loads(body)
    except ValueError as e:
        return f"not JSON ({e.__class__.__name__})"
    return len(parsed) if isinstance(parsed, list) else "not an array"


class Jvm:
    """The EventFlow process as the JDK's own tools see it."""

    def __init__(self, java, pid):
        self.bin = Path(java).parent
        self.pid = str(pid)

    def jcmd(self, *command):
        return common.sh([str(self.bin / "jcmd"), self.pid, *command])

    def heap_info(self):
        """(used, reserved) heap in MB, from GC.heap_info."""
        out = self.jcmd("GC.heap_info")
        m = re.search(r"heap\s+total reserved (\d+)K, committed \d+K, used (\d+)K", out)
        return int(m.group(2)) / 1024, int(m.group(1)) / 1024

    def live(self):
        """Used heap right after a full GC, in MB: what is actually held."""
        self.jcmd("GC.run")
        return self.heap_info()[0]


class Sampler:
    """jstat -gc every 100 ms (and the resident set from /proc) while something runs; keeps the peaks."""

    def __init__(self, jvm):
        self.jvm = jvm
        self.peak_used = self.peak_old = self.peak_rss = 0.0
        self.young_gcs = self.full_gcs = None
        self.proc = subprocess.Popen([str(jvm.bin / "jstat"), "-gc", jvm.pid, "100"], stdout=subprocess.PIPE,
                                     text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.first = self.last = None
        self.sampling = threading.Event()
        self.thread.start()
        # jstat is a JVM of its own: let it start (and take its first sample) before the work it watches
        self.sampling.wait(timeout=10)

    def _read(self):
        header = None
        for line in self.proc.stdout:
            fields = line.split()
            if not fields:
                continue
            if fields[0] == "S0C":
                header = fields
                continue
            if header is None or len(fields) != len(header):
                continue
            row = dict(zip(header, fields))
            try:
                used = sum(float(row[k]) for k in ("S0U", "S1U", "EU", "OU")) / 1024
                old = float(row["OU"]) / 1024
                gcs = (int(row["YGC"]), int(row["FGC"]))
            except (KeyError, ValueError):
                continue
            self.peak_used, self.peak_old = max(self.peak_used, used), max(self.peak_old, old)
            self.first = self.first or gcs
            self.last = gcs
            self.peak_rss = max(self.peak_rss, rss_mb(self.jvm.pid))
            self.sampling.set()

    def stop(self):
        time.sleep(0.25)  # one more sample after the work
        self.proc.terminate()
        self.proc.wait()
        self.thread.join(timeout=2)
        if self.first and self.last:
            self.young_gcs = self.last[0] - self.first[0]
            self.full_gcs = self.last[1] - self.first[1]
        return self


def cpu_seconds(pid):
    """User + system CPU the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    except (OSError, AttributeError):
        return 0.0


def measure_routes(jvm, repeats, warmup):
    rows = []
    for dialect, path in ROUTES:
        for _ in range(warmup):
            download(common.COMPAT_PORT, path)  # warm-up, discarded
        runs, samplers = [], []
        for _ in range(repeats):
            sampler = Sampler(jvm)
            cpu = cpu_seconds(jvm.pid)
            runs.append(download(common.COMPAT_PORT, path))
            runs[-1]["cpu"] = cpu_seconds(jvm.pid) - cpu
            samplers.append(sampler.stop())
        size = len(runs[0]["body"])
        # The same download again, half read: the server is blocked mid-stream with its cursor open; a full GC
        # then leaves exactly what a stream in flight holds.
        live_before = jvm.live()
        live_mid, open_cursors, probes = probe_in_flight(jvm, path, size)
        live_after = jvm.live()
        counted = elements(runs[0]["body"])
        rows.append({
            "dialect": dialect, "path": path,
            "status": sorted({r["status"] for r in runs + probes}),
            "bytes": size, "same_bytes": all(len(r["body"]) == size for r in runs + probes),
            "elements": counted,
            "first_ms": statistics.median(r["first"] for r in runs) * 1000,
            "time": statistics.median(r["time"] for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs),
            "live_before": live_before, "live_mid": live_mid, "open_cursors": open_cursors, "live_after": live_after,
            "peak_used": max(s.peak_used for s in samplers), "peak_old": max(s.peak_old for s in samplers),
            "peak_rss": max(s.peak_rss for s in samplers),
            "young_gcs": max(s.young_gcs or 0 for s in samplers), "full_gcs": max(s.full_gcs or 0 for s in samplers),
            "body": runs[0]["body"],
        })
        r = rows[-1]
        print(f"   {dialect} {path:16} {r['status']} {size:,} bytes, {counted} elements, "
              f"{r['time']:.2f} s, live heap {live_before:.1f} -> {live_mid:.1f} MB with {IN_FLIGHT} half sent ({open_cursors} cursors open)", flush=True)
    return rows


def probe_in_flight(jvm, path, size):
    """IN_FLIGHT downloads of path, each stopped half read: the server is blocked in the middle of every stream, its
    cursor open. A full GC then leaves exactly what streams in flight hold; the downloads are then read to the end."""
    paused = threading.Barrier(IN_FLIGHT + 1)
    resume = threading.Event()
    results = []

    def hold():
        paused.wait(timeout=120)
        resume.wait(timeout=120)

    def one():
        results.append(download(common.COMPAT_PORT, path, pause_at=size // 2, on_pause=hold))

    threads = [threading.Thread(target=one) for _ in range(IN_FLIGHT)]
    for t in threads:
        t.start()
    paused.wait(timeout=120)
    # proof that the server is mid-stream: each listing's transaction is still open, its cursor not yet drained
    open_cursors = int(common.psql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid() "
                                   "AND query LIKE 'SELECT e.*%FROM events e ORDER BY%'", db=common.DB))
    live = jvm.live()
    resume.set()
    for t in threads:
        t.join()
    return live, open_cursors, results


def measure_nginx(body, repeats, work):
    static = work / "static"
    static.mkdir(exist_ok=True)
    os.chmod(work, 0o755)  # nginx workers run unprivileged
    os.chmod(static, 0o755)
    (static / "get_all.json").write_bytes(body)
    nginx = common.Nginx(static)
    try:
        download(common.NGINX_PORT, "/get_all.json")  # warm-up
        runs = [download(common.NGINX_PORT, "/get_all.json") for _ in range(max(10, repeats))]  # tens of ms each
    finally:
        nginx.stop()
    assert all(r["status"] == 200 and r["body"] == body for r in runs), "nginx served other bytes"
    return statistics.median(r["time"] for r in runs)


LISTING_SQL = "SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e ORDER BY e.number ASC;"


def measure_pgbench(repeats, work):
    """The database alone: the statement EventSearch.forEach runs for an unfiltered listing, every row sent to one
    client (pgbench reads and discards them), as many times as the downloads."""
    sql = work / "listing.sql"
    sql.write_text(LISTING_SQL + "\n")
    out = common.sh(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", "1", "-t", str(repeats),
                     "-f", str(sql), common.DB])
    return float(re.search(r"latency average = ([\d.]+) ms", out).group(1)) / 1000


def measure_concurrent(jvm, n):
    """n whole lists at once; the gate lets concurrent-lists through and makes the rest wait 5 s, then 503."""
    path = ROUTES[0][1]
    results = [None] * n
    barrier = threading.Barrier(n)

    def one(i):
        barrier.wait()
        try:
            results[i] = download(common.COMPAT_PORT, path)
        except Exception as e:  # a cut connection is a failure, reported as such
            results[i] = {"status": f"error: {e!r}", "body": b"", "time": 0.0, "first": 0.0}

    sampler = Sampler(jvm)
    start = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    sampler.stop()
    statuses = [r["status"] for r in results]
    ok = [r for r in results if r["status"] == 200]
    complete = sum(1 for r in ok if elements(r["body"]) == EXPECTED[0])
    busy = [r for r in results if r["status"] == 503]
    other = [s for s in statuses if s not in (200, 503)]
    return {"n": n, "ok": len(ok), "complete": complete, "busy": len(busy), "other": other, "wall": wall,
            "times": sorted(r["time"] for r in results), "peak_used": sampler.peak_used,
            "peak_old": sampler.peak_old, "peak_rss": sampler.peak_rss, "young_gcs": sampler.young_gcs,
            "busy_body": busy[0]["body"][:200].decode(errors="replace") if busy else "",
            "bytes": sum(len(r["body"]) for r in ok)}


EXPECTED = [0]


def run_heap(java, jar, heap, args, work):
    opts = [] if heap == "default" else [f"-Xmx{heap}"]
    print(f"== Starting EventFlow, heap {heap} ({' '.join(opts) or 'no -Xmx'})", flush=True)
    app = common.App(java, jar, jvm_opts=opts)
    try:
        jvm = Jvm(java, app.proc.pid)
        heap_max = jvm.heap_info()[1]
        rows = measure_routes(jvm, args.repeats, args.warmup)
        concurrent = []
        for n in args.concurrency:
            c = measure_concurrent(jvm, n)
            concurrent.append(c)
            print(f"   {n} at once: {c['ok']} x 200 ({c['complete']} complete), {c['busy']} x 503, "
                  f"other {c['other'] or 'none'}, {c['wall']:.1f} s", flush=True)
        return {"heap": heap, "heap_max": heap_max, "rows": rows, "concurrent": concurrent}
    finally:
        app.stop()


def report(runs, nginx_time, pg_time, args):
    print(f"\n== Results: {args.events:,} events, medians of {args.repeats} downloads per route, "
          f"one client on loopback (Python, the same for nginx)")
    ref = runs[0]["rows"][0]
    for run in runs:
        print(f"\n-- heap {run['heap']} (max {run['heap_max']:.0f} MB)")
        print(f"{'dialect':8}{'route':17}{'status':>7}{'bytes':>13}{'elements':>10}{'first ms':>9}{'time s':>8}"
              f"{'MB/s':>7}{'vs nginx':>9}{'CPU s':>6} | {'live MB: before':>15}{f'{IN_FLIGHT} in flight':>12}{'after':>6} | "
              f"{'peak used':>9}{'old':>5}{'RSS':>6}{'young GCs':>10}")
        for r in run["rows"]:
            rate = r["bytes"] / MB / r["time"]
            nginx_rate = ref["bytes"] / MB / nginx_time
            status = ",".join(map(str, r["status"])) + ("" if r["same_bytes"] else "!")
            print(f"{r['dialect']:8}{r['path']:17}{status:>7}{r['bytes']:>13,}{str(r['elements']):>10}"
                  f"{r['first_ms']:>9.1f}{r['time']:>8.2f}{rate:>7.1f}{rate / nginx_rate:>9.0%}{r['cpu']:>6.2f} | "
                  f"{r['live_before']:>15.1f}{r['live_mid']:>12.1f}{r['live_after']:>6.1f} | "
                  f"{r['peak_used']:>9.0f}{r['peak_old']:>5.0f}{r['peak_rss']:>6.0f}{r['young_gcs']:>10}")
        print(f"{'at once':8}{'statuses':>16}{'complete':>10}{'wall s':>8}{'slowest s':>10}{'MB/s total':>11} | "
              f"{'peak used':>9}{'old':>5}{'RSS':>6}")
        for c in run["concurrent"]:
            statuses = f"{c['ok']}x200 {c['busy']}x503" + (f" {len(c['other'])}xOTHER" if c["other"] else "")
            print(f"{c['n']:<8}{statuses:>16}{c['complete']:>10}{c['wall']:>8.1f}{c['times'][-1]:>10.1f}"
                  f"{c['bytes'] / MB / c['wall']:>11.1f} | {c['peak_used']:>9.0f}{c['peak_old']:>5.0f}{c['peak_rss']:>6.0f}")
        for c in run["concurrent"]:
            if c["busy_body"]:
                print(f"   a 503's body ({c['n']} at once): {c['busy_body']}")
                break

    print(f"\n-- references (same run)")
    print(f"nginx, the same {ref['bytes']:,} bytes as a static file: {nginx_time:.3f} s, "
          f"{ref['bytes'] / MB / nginx_time:.0f} MB/s")
    print(f"PostgreSQL alone, the listing's SQL ({args.events:,} rows to one pgbench client): {pg_time:.2f} s, "
          f"{args.events / pg_time:,.0f} rows/s; EventFlow's /events/get_all: {ref['time']:.2f} s, "
          f"{args.events / ref['time']:,.0f} events/s ({ref['time'] / pg_time:.1f}x the database's time)")
    small = runs[0]
    body_mb = ref["bytes"] / MB
    print(f"body of /events/get_all: {body_mb:.1f} MB = {body_mb / small['heap_max']:.0%} of the "
          f"{small['heap_max']:.0f} MB heap limit ({small['heap']}); {IN_FLIGHT} at once: {IN_FLIGHT * body_mb:.0f} MB "
          f"= {IN_FLIGHT * body_mb / small['heap_max']:.0%}")
    for run in runs:
        for r in run["rows"]:
            growth = r["live_mid"] - r["live_before"]
            bodies = IN_FLIGHT * r["bytes"] / MB
            if r["open_cursors"] < IN_FLIGHT:  # the rest of a small body fit in the socket buffers: nothing to probe
                verdict = "not measured: the streams had already ended, use more events"
            else:
                verdict = 'ok' if growth < HELD_LIMIT * bodies else 'MISSED'
            print(f"heap {run['heap']:>8}, {r['dialect']}: {IN_FLIGHT} streams half sent hold {growth:+.1f} MB of live "
                  f"heap, {growth / bodies:.1%} of their {bodies:.0f} MB of bodies "
                  f"(target < {HELD_LIMIT:.0%}: {verdict}); "
                  f"{growth / IN_FLIGHT:+.2f} MB a stream; cursors open then: {r['open_cursors']}/{IN_FLIGHT}; every element: "
                  f"{'ok' if r['elements'] == args.events else 'MISSED'}")
    failures = [o for run in runs for c in run["concurrent"] for o in c["other"]]
    incomplete = sum(c["ok"] - c["complete"] for run in runs for c in run["concurrent"])
    print(f"concurrent whole lists: answers other than 200 or 503: {len(failures)}"
          f"{' ' + str(failures) if failures else ''}; cut 200 answers: {incomplete} "
          f"(target: none: {'ok' if not failures and not incomplete else 'MISSED'})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--heaps", default="256m,default", help="-Xmx values to run with, 'default' for none")
    parser.add_argument("--repeats", type=int, default=3, help="timed downloads per route")
    parser.add_argument("--warmup", type=int, default=3, help="downloads per route before the timed ones")
    parser.add_argument("--concurrency", default="4,5,8,16", help="downloads at once")
    parser.add_argument("--jar", default=None)
    args = parser.parse_args()
    args.concurrency = [int(n) for n in args.concurrency.split(",")]
    EXPECTED[0] = args.events

    jar = args.jar or str(next((ROOT / "target").glob("eventflow-*.jar")))
    java = common.find_jdk()
    print(f"== JDK: {java}")
    common.load_events(args.events)
    print("== Starting EventFlow once to create the schema", flush=True)
    app = common.App(java, jar)
    try:
        common.fill(args.events)
    finally:
        app.stop()
    common.sh(common.PG + ["-d", common.DB, "-c", "VACUUM ANALYZE events"])

    work = Path(tempfile.mkdtemp(prefix="eventflow-bench-compat-"))
    try:
        runs = [run_heap(java, jar, heap, args, work) for heap in args.heaps.split(",")]
        print("== nginx reference", flush=True)
        nginx_time = measure_nginx(runs[0]["rows"][0]["body"], args.repeats, work)
        print("== pgbench reference", flush=True)
        pg_time = measure_pgbench(args.repeats, work)
        report(runs, nginx_time, pg_time, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
