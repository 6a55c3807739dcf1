#!/usr/bin/env python3
"""Catalog writes and the plain list: event creation, batches of 1,000, and unfiltered lists at 100,000 events,
each next to pgbench running the same statements in the same run (see bench/README.md, "catalog writes").

  list_20 / list_100  GET /api/v1/events?size=20 / size=100 (unfiltered: the default order, start time)
  home                GET /  (the home page: upcoming scheduled events, 12 of them, and their total)
  create              POST /api/v1/events at maximum rate (wrk -t2 -c32, one organizer)
  batch               POST /api/v1/events/batch with 1,000 typical events, one request at a time, repeated

For the lists: maximum throughput (wrk), p99 at a fixed rate of half that maximum (wrk with a per-connection delay),
pgbench running the statements the endpoint runs. For the writes: events/s, then per created event the database
transactions (pg_stat_database), WAL flushes (pg_stat_wal) and EventFlow's CPU (/proc) until every listener of the
events has run (no incomplete outbox row); pgbench runs what one create writes (the event's row and its outbox rows).
EventFlow's resident memory (VmRSS, and its peak VmHWM) is printed after each part.

Usage: bench/catalog/run-writes.sh [--rounds 3] [--duration 10] [--events 100000] [--only list|create|batch]
       EVENTFLOW_BENCH_JVM_OPTS="-Xmx256m ..." to run EventFlow with other JVM options (default: as the Dockerfile)
Standard-library Python; reuses bench/catalog/bench.py (loading, wrk) and bench/booking/bench.py (tokens, costs).
"""
import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent


def module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


catalog = module("catalog_bench", HERE / "bench.py")
booking = module("booking_bench", HERE.parent / "booking" / "bench.py")
DB = "eventflow_bench_writes"
catalog.DB = booking.DB = DB  # both read it at call time
PORT = 18095
booking.PORT = PORT
sh = booking.sh


def psql(sql, db=DB):
    return sh(booking.PG + ["-d", db, "-At", "-c", sql]).strip()


catalog.psql = booking.psql = psql  # their own bind the database's name when defined
# What a node is given where EventFlow is started (Dockerfile, deploy/cluster.sh): the benchmark measures that setting.
DEFAULT_JVM_OPTS = ("-Xms160m -Xmx160m -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=96m -XX:+UseSerialGC "
                    "-XX:TrimNativeHeapInterval=5000 "
                    "-XX:+ExitOnOutOfMemoryError")

# The after-commit listeners of EventCreated (each has an outbox row per event); realtime's push is not one of them.
CREATE_LISTENERS = ("notification.NotificationPlanner", "social.ActivityRecorder", "webhook.WebhookRecorder")
DESCRIPTION = ("An evening of talks and music with people from the neighbourhood. Doors open an hour before; "
               "bring a friend. Accessible venue, drinks at the bar, tickets at the door while they last. ") * 3


def typical_event(i, start, end):
    """A typical event as an organizer's tool sends it: about 600 bytes of description, place, price, capacity."""
    return {"title": f"Neighbourhood evening {i}", "description": DESCRIPTION, "category": "meetup",
            "start_time": start, "end_time": end, "timezone": "Europe/Berlin", "location": f"Hall {i % 50}, Berlin",
            "latitude": 52.52, "longitude": 13.40, "capacity": 100 + i % 400, "price": "12.50", "currency": "EUR"}


CREATE_LUA = """
local n = 0
local body_head, body_tail, bearer
function init(args)
  bearer = args[1]
  body_head = '{"title":"Create bench ' .. tostring(math.random(1, 1000000000)) .. ' '
  body_tail = io.open(args[2]):read("*a")
end
function request()
  n = n + 1
  return wrk.format("POST", "/api/v1/events", {["Authorization"] = "Bearer " .. bearer,
    ["Content-Type"] = "application/json"}, body_head .. n .. '",' .. body_tail)
end
"""


def memory(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024
    return f"RSS {rss} MB (peak {peak} MB)"


def start_app(jar, jvm_opts):
    log = open(tempfile.gettempdir() + "/eventflow-writes-bench-app.log", "w")
    app = subprocess.Popen([booking.find_jdk(), *jvm_opts.split(), "-jar", jar, f"--server.port={PORT}",
                            f"--eventflow.compat.port={PORT + 1}",
                            f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}",
                            "--spring.datasource.username=postgres", "--spring.datasource.password=",
                            "--spring.data.redis.host=127.0.0.1", f"--eventflow.redis.key-prefix=bench-{uuid.uuid4()}:",
                            "--eventflow.rate-limit.enabled=false", "--eventflow.demo-data.enabled=false",
                            f"--eventflow.identity.jwt.secret={booking.SECRET}", "--logging.level.root=WARN"],
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/actuator/health/readiness", timeout=1)
            return app
        except Exception:
            if app.poll() is not None:
                sys.exit(f"EventFlow exited while starting; see {log.name}")
            time.sleep(1)
    sys.exit(f"EventFlow was not ready after 10 minutes; see {log.name}")


def pgbench(script, seconds, clients):
    out = sh(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds),
              "-f", str(script), DB])
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def list_part(args, work, app):
    now = psql("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
    # The statements EventSearch runs for each (EventSearch.browse): the page through the sort key's index, and the
    # number of matches by COUNT(*). Before, one statement did both: --old-sql gives pgbench that one instead.
    page = ("SELECT m.* FROM (SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e WHERE 1 = 1{w}) m "
            "ORDER BY m.start_time ASC, m.id ASC LIMIT {n} OFFSET 0;")
    count = "SELECT COUNT(*) FROM events e WHERE 1 = 1{w};"
    if args.old_sql:
        page = ("SELECT m.*, COUNT(*) OVER () AS total_matches FROM (SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS "
                "distance_km FROM events e WHERE 1 = 1{w} OFFSET 0 ROWS) m ORDER BY m.start_time ASC, m.id ASC "
                "LIMIT {n} OFFSET 0;")
        count = ""
    home_where = f" AND e.start_time >= '{now}' AND e.status = 'scheduled'"
    scenarios = {
        "list_20": ("/api/v1/events?size=20", [page.format(w="", n=20)] + [count.format(w="")] * bool(count)),
        "list_100": ("/api/v1/events?size=100", [page.format(w="", n=100)] + [count.format(w="")] * bool(count)),
        "home": ("/", [page.format(w=home_where, n=12)] + [count.format(w=home_where)] * bool(count)),
    }
    for name, (path, statements) in scenarios.items():
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}") as r:
            print(f"   {name}: {path} -> {len(r.read())} bytes", flush=True)
        (work / f"{name}.sql").write_text("\n".join(statements) + "\n")
    print(f"== Warm-up {args.warmup} s (discarded)", flush=True)
    for name, (path, _) in scenarios.items():
        catalog.wrk(f"http://127.0.0.1:{PORT}{path}", max(2, args.warmup // len(scenarios)))
    results = {name: {k: [] for k in ("rps", "p99", "p99_half", "pgbench")} for name in scenarios}
    for round_no in range(1, args.rounds + 1):
        print(f"== Lists, round {round_no}/{args.rounds} (load average {os.getloadavg()[0]:.1f})", flush=True)
        order = list(scenarios.items())
        if round_no % 2 == 0:
            order.reverse()  # size=20 and size=100 take turns going first
        for name, (path, _) in order:
            r = results[name]
            rps, _, p99 = catalog.wrk(f"http://127.0.0.1:{PORT}{path}", args.duration)
            r["rps"].append(rps), r["p99"].append(p99)
            r["pgbench"].append(pgbench(work / f"{name}.sql", args.duration, 8))
            half = max(1.0, statistics.median(r["rps"]) / 2)
            r["p99_half"].append(catalog.wrk(f"http://127.0.0.1:{PORT}{path}", args.duration, connections=16,
                                             rate=half, lua_dir=work)[2])
            print(f"   {name:9} app {rps:7.0f} req/s p99 {p99:6.1f} ms | pgbench {r['pgbench'][-1]:7.0f} tps | "
                  f"p99 at {half:.0f} req/s {r['p99_half'][-1]:.1f} ms | {memory(app.pid)}", flush=True)
    med = statistics.median
    print(f"\n== Lists: medians of {args.rounds} rounds, {args.duration} s each, {args.events} events")
    print(f"{'scenario':10}{'req/s':>9}{'p99 ms':>9}{'p99@half':>10}{'pgbench':>9}{'ratio':>8}  targets")
    for name, r in results.items():
        ratio, p99_half = med(r["rps"]) / med(r["pgbench"]), med(r["p99_half"])
        print(f"{name:10}{med(r['rps']):9.0f}{med(r['p99']):9.1f}{p99_half:10.1f}{med(r['pgbench']):9.0f}{ratio:8.0%}  "
              f"pgbench>=40%:{'ok' if ratio >= 0.4 else 'MISSED'} p99<=20ms:{'ok' if 0 < p99_half <= 20 else 'MISSED'}")
    faster = med(results["list_20"]["rps"]) >= 0.95 * med(results["list_100"]["rps"])
    print(f"size=20 not slower than size=100: {'ok' if faster else 'MISSED'}")
    print("\n== Query plans")
    for name, (_, statements) in scenarios.items():
        for statement in statements:
            print(f"-- {name}: {statement}")
            print(psql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement.rstrip(";")))


def create_reference(work, organizer_id, seconds, clients):
    """What one create writes, as pgbench statements: the event's row, then one outbox row per listener of
    EventCreated (EventFlow writes them in the same transaction), and the commit."""
    listeners = [f"io.eventflow.{listener}.on(io.eventflow.catalog.EventCreated)" for listener in CREATE_LISTENERS]
    payload = json.dumps({"event": {"id": "x"}, "occurred_at": "2026-12-06T15:00:00Z"}).replace("'", "''")
    # a copy of the outbox table with its indexes: rows in the real one would be run by EventFlow's outbox retry
    psql("CREATE TABLE IF NOT EXISTS bench_publication (LIKE event_publication INCLUDING ALL)")
    outbox = "".join(f"""INSERT INTO bench_publication (id, listener_id, event_type, serialized_event, publication_date, status, completion_attempts)
  VALUES (gen_random_uuid(), '{listener}', 'io.eventflow.catalog.EventCreated', '{payload}' || :n, now(), 'PUBLISHED', 0);
""" for listener in listeners)
    script = work / "create.sql"
    script.write_text(f"""\\set n random(1, 1000000000)
BEGIN;
INSERT INTO events (id, title, description, category, start_time, end_time, timezone, location, latitude, longitude,
  geofence_radius_m, capacity, price, currency, organizer_id, status, waitlist_mode, popularity, seats_taken,
  search_text, created_at, updated_at, version)
  VALUES (gen_random_uuid(), 'Reference ' || :n, '{DESCRIPTION}', 'meetup', now() + interval '30 days',
          now() + interval '30 days 2 hours', 'Europe/Berlin', 'Hall 1, Berlin', 52.52, 13.40, 200, 100, 12.50, 'EUR',
          '{organizer_id}', 'scheduled', 'auto', 0, 0, lower('Reference ' || :n || ' {DESCRIPTION} Hall 1, Berlin'),
          now(), now(), 0);
{outbox}COMMIT;
""")
    costs = booking.Costs(None)
    costs.start()
    tps = pgbench(script, seconds, clients)
    result = costs.stop(tps * seconds)
    psql("TRUNCATE bench_publication")
    return tps, result, len(listeners)


def create_part(args, work, app, organizer, organizer_id, start, end):
    body = json.dumps(typical_event(0, start, end))
    (work / "body.json").write_text(body[body.index('"description"'):])
    (work / "create.lua").write_text(CREATE_LUA)
    url = f"http://127.0.0.1:{PORT}"

    def run(seconds):
        out = sh(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", str(work / "create.lua"),
                  url, "--", organizer, str(work / "body.json")])
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            sys.exit(f"create: {errors.group(1)} error responses\n{out}")
        return (float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
                catalog.to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)), int(re.search(r"(\d+) requests in", out).group(1)))

    print(f"== Create: warm-up {args.warmup} s (discarded)", flush=True)
    run(max(5, args.warmup))
    booking.drain()
    rows = []
    for round_no in range(1, args.rounds + 1):
        costs = booking.Costs(app.pid)
        costs.start()
        rps, p99, requests = run(args.duration)
        drain = booking.drain()
        c = costs.stop(requests)
        tps, ref, listeners = create_reference(work, organizer_id, args.duration, 32)
        rows.append((rps, p99, c, tps, ref))
        print(f"   round {round_no} (load {os.getloadavg()[0]:.1f}): {rps:6.0f} creates/s p99 {p99:6.1f} ms, listeners done "
              f"{drain:.1f} s later | per create: {c['xacts']:.2f} transactions, {c['wal']:.2f} WAL flushes, "
              f"{c['app_ms']:.2f} ms EventFlow CPU, {c['machine_ms']:.2f} ms machine CPU | pgbench (event + {listeners} "
              f"outbox rows) {tps:6.0f} tps, {ref['wal']:.2f} WAL flushes, {ref['machine_ms']:.2f} ms machine CPU | "
              f"{memory(app.pid)}", flush=True)
    med = statistics.median
    rps, tps = med(r[0] for r in rows), med(r[3] for r in rows)
    print(f"\n== Create: median {rps:.0f} creates/s, pgbench {tps:.0f} tps, ratio {rps / tps:.0%}; per create "
          f"{med(r[2]['xacts'] for r in rows):.2f} transactions, {med(r[2]['wal'] for r in rows):.2f} WAL flushes, "
          f"{med(r[2]['app_ms'] for r in rows):.2f} ms EventFlow CPU; targets: >=1500/s:"
          f"{'ok' if rps >= 1500 else 'MISSED'} >=50% of pgbench:{'ok' if rps / tps >= 0.5 else 'MISSED'}")


def batch_reference(organizer_id, runs=5):
    """PostgreSQL alone writing what a batch writes: the same 1,000 typical events in one INSERT ... SELECT (no
    statement to parse per row, nothing sent per row) with every index of the events table, and its 2 outbox rows;
    each run in a transaction rolled back, so the table stays as it was. The median of `runs`, in ms."""
    times = []
    for _ in range(runs):
        out = sh(booking.PG + ["-d", DB, "-c", "\\timing on", "-c", f"""BEGIN;
INSERT INTO events (id, title, description, category, start_time, end_time, timezone, location, latitude, longitude,
  geofence_radius_m, capacity, price, currency, organizer_id, status, waitlist_mode, popularity, seats_taken,
  search_text, created_at, updated_at, version)
  SELECT gen_random_uuid(), 'Neighbourhood evening ' || g, '{DESCRIPTION}', 'meetup', now() + interval '30 days',
         now() + interval '30 days 2 hours', 'Europe/Berlin', 'Hall ' || (g % 50) || ', Berlin', 52.52, 13.40, 200,
         100 + g % 400, 12.50, 'EUR', '{organizer_id}', 'scheduled', 'auto', 0, 0,
         lower('Neighbourhood evening ' || g || ' {DESCRIPTION} Hall ' || (g % 50) || ', Berlin'), now(), now(), 0
  FROM generate_series(1, 1000) AS g;
INSERT INTO bench_publication (id, listener_id, event_type, serialized_event, publication_date, status, completion_attempts)
  SELECT gen_random_uuid(), 'listener ' || l, 'io.eventflow.catalog.EventsCreated', repeat('x', 850000), now(), 'PUBLISHED', 0
  FROM generate_series(1, 2) AS l;
ROLLBACK;"""])
        times.append(sum(float(ms) for ms in re.findall(r"Time: ([\d.]+) ms", out)))
    return statistics.median(times)


def batch_part(args, app, organizer, organizer_id, start, end):
    body = json.dumps({"events": [typical_event(i, start, end) for i in range(1000)]}).encode()
    print(f"== Batch: 1,000 events, {len(body) // 1024} KB per request", flush=True)

    def post():
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v1/events/batch", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": "Bearer " + organizer})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as r:
            r.read()
        return time.perf_counter() - started

    for _ in range(3):  # warm-up
        post()
    booking.drain()
    times = []
    costs = booking.Costs(app.pid)
    costs.start()
    for _ in range(args.batches):
        times.append(post())
    drain = booking.drain()
    c = costs.stop(1000 * args.batches)
    best, median = 1000 / min(times), 1000 / statistics.median(times)
    print(f"   {args.batches} batches: median {statistics.median(times) * 1000:.0f} ms per batch = {median:.0f} events/s "
          f"(best {best:.0f}); listeners done {drain:.1f} s after the last | per event: {c['xacts']:.3f} transactions, "
          f"{c['wal']:.3f} WAL flushes, {c['app_ms']:.3f} ms EventFlow CPU | {memory(app.pid)}")
    psql("CREATE TABLE IF NOT EXISTS bench_publication (LIKE event_publication INCLUDING ALL)")
    reference = batch_reference(organizer_id)
    print(f"   PostgreSQL alone, the same rows in one INSERT ... SELECT: {reference:.0f} ms = {1e6 / reference:.0f} events/s"
          f" | EventFlow {median / (1e6 / reference):.0%} of it")
    print(f"   target >= 10,000 events/s: {'ok' if median >= 10_000 else 'MISSED'}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--only", choices=("list", "create", "batch"))
    parser.add_argument("--jar", help="another build of EventFlow (an earlier one, for before and after)")
    parser.add_argument("--old-sql", action="store_true", help="pgbench runs the lists' statement before the fix")
    args = parser.parse_args()
    jar = args.jar or str(next((catalog.ROOT / "target").glob("eventflow-*.jar")))
    jvm_opts = os.environ.get("EVENTFLOW_BENCH_JVM_OPTS", DEFAULT_JVM_OPTS)
    work = Path(tempfile.mkdtemp(prefix="eventflow-writes-bench-"))
    os.chmod(work, 0o755)
    catalog.load_events(args.events)
    print(f"== Starting EventFlow with {jvm_opts}", flush=True)
    app = start_app(jar, jvm_opts)
    try:
        catalog.fill(args.events)
        psql("VACUUM ANALYZE events")
        print(f"   {memory(app.pid)}", flush=True)
        organizer_id = uuid.uuid4()
        organizer = booking.token(organizer_id, "organizer")
        start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 30 * 86400))
        end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 30 * 86400 + 7200))
        if args.only in (None, "list"):
            list_part(args, work, app)
        if args.only in (None, "create"):
            create_part(args, work, app, organizer, organizer_id, start, end)
        if args.only in (None, "batch"):
            batch_part(args, app, organizer, organizer_id, start, end)
        print(f"== EventFlow at the end: {memory(app.pid)}")
    finally:
        os.killpg(app.pid, 15)
        app.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
