#!/usr/bin/env python3
"""Attendee export benchmark: GET /api/v1/events/{id}/attendees.csv and .xlsx for an event with 50,000 bookings,
from a node with a small heap (-Xmx256m by default), to show the export streams in bounded memory.

Prints for each format: the time to the last byte, the size, and the node's peak heap during the download (sampled
with jstat every 50 ms) next to its heap before (after a full GC) and its -Xmx. The reference, measured in the same
run: PostgreSQL alone writing the same rows as CSV (psql COPY ... TO STDOUT of the equivalent join), so the export's
time reads as a ratio to the database's own.

Usage: bench/export/run.sh [--bookings 50000] [--heap 256m] [--rounds 3]
Standard-library Python. The organizer's token is signed with the secret the script gives the node; the users and
bookings are written straight into the database (50,000 sign-ups through bcrypt would be the whole run).
"""
import argparse
import base64
import hashlib
import hmac
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = "eventflow_bench_export"
PORT = 18093
SECRET = "bench-secret-" + "x" * 40
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def psql(sql, db=DB):
    return sh(PG + ["-d", db, "-At", "-c", sql]).strip()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(user_id, role):
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"iss": "eventflow", "sub": str(user_id), "jti": str(uuid.uuid4()), "iat": now,
                              "exp": now + 3600, "iat_ms": now * 1000, "role": role,
                              "preferred_username": "bench-organizer"}).encode())
    signature = b64(hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def find_jdk():
    for java in sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True):
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) >= 21:
            return java
    sys.exit("No JDK >= 21 under /usr/lib/jvm")


class HeapSampler:
    """Heap in use (survivors + eden + old, KiB) every 50 ms from jstat, while a download runs."""

    def __init__(self, jstat, pid):
        self.cmd = [str(jstat), "-gc", str(pid), "50"]
        self.peak_kib = 0.0
        self.samples = 0

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()
        time.sleep(0.3)  # jstat attaches before the download starts
        return self

    def read(self):
        header = None
        for line in self.proc.stdout:
            cols = line.split()
            if cols and cols[0] == "S0C":
                header = cols
                continue
            if header and len(cols) == len(header):
                v = dict(zip(header, cols))
                used = sum(float(v[k]) for k in ("S0U", "S1U", "EU", "OU"))
                self.peak_kib = max(self.peak_kib, used)
                self.samples += 1

    def __exit__(self, *exc):
        time.sleep(0.2)
        self.proc.terminate()
        self.thread.join(timeout=2)


def heap_used_mib(jstat, pid):
    out = sh([str(jstat), "-gc", str(pid)]).split("\n")
    v = dict(zip(out[0].split(), out[1].split()))
    return sum(float(v[k]) for k in ("S0U", "S1U", "EU", "OU")) / 1024


def download(path, bearer):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    request.add_header("Authorization", "Bearer " + bearer)
    started = time.perf_counter()
    size = 0
    first = None
    with urllib.request.urlopen(request, timeout=600) as response:
        while True:
            chunk = response.read(64 * 1024)
            if first is None:
                first = time.perf_counter() - started
            if not chunk:
                break
            size += len(chunk)
    return time.perf_counter() - started, first, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=50000)
    parser.add_argument("--heap", default="256m", help="the node's -Xmx (and -Xms)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    jar = str(next((ROOT / "target").glob("eventflow-*.jar")))
    java = find_jdk()
    jstat, jcmd = java.parent / "jstat", java.parent / "jcmd"

    print(f"== Database {DB}", flush=True)
    sh(PG + ["-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"])
    sh(PG + ["-d", "postgres", "-c", f"CREATE DATABASE {DB}"])
    log_path = tempfile.gettempdir() + "/eventflow-export-bench-app.log"
    log = open(log_path, "w")
    app = subprocess.Popen([str(java), f"-Xms{args.heap}", f"-Xmx{args.heap}", "-XX:+ExitOnOutOfMemoryError", "-jar", jar,
                            f"--server.port={PORT}",
                            f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}",
                            "--spring.datasource.username=postgres", "--spring.datasource.password=",
                            "--spring.data.redis.host=127.0.0.1", f"--eventflow.redis.key-prefix=bench-{uuid.uuid4()}:",
                            "--eventflow.rate-limit.enabled=false", "--eventflow.demo-data.enabled=false",
                            f"--eventflow.identity.jwt.secret={SECRET}", "--logging.level.root=WARN"],
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(600):  # a busy 2-core machine has taken minutes to start a node
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/actuator/health/readiness", timeout=1)
                break
            except Exception:
                if app.poll() is not None:
                    sys.exit(f"EventFlow exited; see {log_path}")
                time.sleep(1)
        else:
            sys.exit(f"EventFlow did not get ready in 10 minutes; see {log_path}")
        organizer = token(uuid.uuid4(), "organizer")
        start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 30 * 86400))
        end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 30 * 86400 + 7200))
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v1/events", method="POST",
                                         data=json.dumps({"title": "Export", "start_time": start, "end_time": end,
                                                          "capacity": args.bookings * 4 // 5}).encode())
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", "Bearer " + organizer)
        event = json.loads(urllib.request.urlopen(request).read())["id"]

        n, seats = args.bookings, args.bookings * 4 // 5
        print(f"== {n:,} bookings ({seats:,} confirmed, {n - seats:,} waitlisted), half sharing their address, "
              f"1 % of names starting with '='", flush=True)
        psql(f"""INSERT INTO users (id, username, username_key, email, password_hash, role, created_at, updated_at, version,
                                    share_email_with_organizers)
                 SELECT gen_random_uuid(), CASE WHEN g % 100 = 0 THEN '=cmd' ELSE 'bench' END || g, 'bench' || g,
                        'bench' || g || '@example.com', 'x', 'attendee', now(), now(), 0, g % 2 = 0
                 FROM generate_series(1, {n}) g""")
        psql(f"""INSERT INTO bookings (id, event_id, user_id, kind, status, active_key, created_at, updated_at, ticket_code,
                                       waitlist_seq, checked_in_at)
                 SELECT gen_random_uuid(), '{event}', u.id, 'booking', CASE WHEN u.n <= {seats} THEN 'confirmed' ELSE 'waitlisted' END,
                        '{event}:' || u.id, now(), now(), md5(u.id::text), CASE WHEN u.n > {seats} THEN u.n - {seats} END,
                        CASE WHEN u.n <= {seats} AND u.n % 3 = 0 THEN now() END
                 FROM (SELECT id, row_number() OVER (ORDER BY username_key) AS n FROM users WHERE username_key LIKE 'bench%') u""")
        psql("VACUUM ANALYZE bookings")  # one statement per call: VACUUM refuses to run inside a transaction block
        psql("VACUUM ANALYZE users")

        reference_sql = (f"COPY (SELECT u.username, CASE WHEN u.share_email_with_organizers THEN u.email END, b.status, "
                         f"CASE WHEN b.status = 'waitlisted' THEN ROW_NUMBER() OVER (PARTITION BY b.status ORDER BY b.waitlist_seq) END, "
                         f"b.checked_in_at FROM bookings b JOIN users u ON u.id = b.user_id WHERE b.event_id = '{event}' "
                         f"AND b.status <> 'cancelled' ORDER BY b.status, b.id) TO STDOUT WITH CSV HEADER")

        def reference():
            started = time.perf_counter()
            out = subprocess.run(PG + ["-d", DB, "-c", reference_sql], check=True, capture_output=True).stdout
            return time.perf_counter() - started, len(out)

        print("== Warm-up (discarded): each format once, and the reference", flush=True)
        for fmt in ("csv", "xlsx"):
            download(f"/api/v1/events/{event}/attendees.{fmt}", organizer)
        reference()

        results = {"csv": [], "xlsx": [], "ref": []}
        for r in range(args.rounds):
            for fmt in ("csv", "xlsx"):
                subprocess.run([str(jcmd), str(app.pid), "GC.run"], check=True, capture_output=True)
                before = heap_used_mib(jstat, app.pid)
                with HeapSampler(jstat, app.pid) as heap:
                    seconds, first, size = download(f"/api/v1/events/{event}/attendees.{fmt}", organizer)
                results[fmt].append((seconds, first, size, before, heap.peak_kib / 1024, heap.samples))
            results["ref"].append(reference())
            print(f"   round {r + 1}: csv {results['csv'][-1][0]:.2f} s, xlsx {results['xlsx'][-1][0]:.2f} s, "
                  f"reference {results['ref'][-1][0]:.2f} s", flush=True)
        if app.poll() is not None:
            sys.exit(f"EventFlow died during the run (out of memory?); see {log_path}")

        ref_s = statistics.median(t for t, _ in results["ref"])
        ref_size = results["ref"][0][1]
        print(f"\n== Results: {n:,} bookings, node heap -Xmx{args.heap}, medians of {args.rounds} rounds")
        print(f"| export | time to last byte s | first byte ms | size | vs PostgreSQL COPY | heap before MiB | peak heap MiB | samples |")
        print(f"|---|---:|---:|---:|---:|---:|---:|---:|")
        for fmt in ("csv", "xlsx"):
            rows = results[fmt]
            t = statistics.median(x[0] for x in rows)
            print(f"| {fmt} | {t:.2f} | {statistics.median(x[1] for x in rows) * 1000:.0f} | {rows[0][2] / 1e6:.1f} MB | "
                  f"{t / ref_s:.1f}x | {statistics.median(x[3] for x in rows):.0f} | {max(x[4] for x in rows):.0f} | "
                  f"{sum(x[5] for x in rows)} |")
        print(f"| reference: psql COPY of the same rows | {ref_s:.2f} | | {ref_size / 1e6:.1f} MB | 1.0x | | | |")
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
        sh(PG + ["-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"])


if __name__ == "__main__":
    main()
