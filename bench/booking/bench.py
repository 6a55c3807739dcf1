#!/usr/bin/env python3
"""Booking rush benchmark: many users booking one hot event (and the same load over 1,000 events)
against a running EventFlow on PostgreSQL and Redis, next to pgbench running the booking transaction's
SQL directly against PostgreSQL in the same run.

Prints bookings/s, p50/p99, and checks the outcome in the database: confirmed == capacity (no oversell),
waitlisted == attempts - capacity (no undersell), no error responses.

Usage: bench/booking/run.sh [--users 5000] [--connections 1000] [--pg-clients 50] [--only hot|spread|cancel]

--only cancel measures the hot event's cancellations instead: the same waves of cancellations on an event in auto
mode (each freed seat confirms the first in line: the reference) and in offer mode (each freed seat is offered to the
first in line and held), then the offers accepted, all over real concurrent HTTP requests.
Standard-library Python; wrk and pgbench from Debian packages. Users are not registered one by one:
the script signs their access tokens with the secret it gives the server (bcrypt for 5,000 sign-ups
would dominate the run), which is exactly what the server verifies on every request.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = "eventflow_bench_booking"
PORT = 18090
SECRET = "bench-secret-" + "x" * 40
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def psql(sql, db=DB):
    return sh(PG + ["-d", db, "-At", "-c", sql]).strip()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(user_id, role="attendee"):
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"iss": "eventflow", "sub": str(user_id), "jti": str(uuid.uuid4()), "iat": now,
                              "exp": now + 3600, "iat_ms": now * 1000, "role": role,
                              "preferred_username": "bench-" + str(user_id)[:8]}).encode())
    signature = b64(hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def api(method, path, body=None, bearer=None):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if bearer:
        request.add_header("Authorization", "Bearer " + bearer)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def find_jdk():
    for java in sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True):
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) >= 21:
            return str(java)
    sys.exit("No JDK >= 21 under /usr/lib/jvm")


LUA = r"""
local lines, idx, stride = {}, 0, 1
local counter = 0
function setup(thread)
  thread:set("first", counter)
  counter = counter + 1
end
function init(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  stride = tonumber(args[2])
  idx = first + 1 - stride -- thread k takes lines k+1, k+1+stride, ...
end
function request()
  idx = idx + stride
  if idx > #lines then
    wrk.thread:stop()
    return wrk.format("GET", "/actuator/health/liveness")
  end
  local bearer, method, path = lines[idx]:match("(%S+) (%u+) (%S+)")
  if not method then
    method = "POST"
    bearer, path = lines[idx]:match("(%S+) (%S+)")
  end
  return wrk.format(method, path, {["Authorization"] = "Bearer " .. bearer})
end
"""


def to_ms(value):
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    n, unit = float(m.group(1)), m.group(2)
    return n / 1000 if unit == "us" else n * 1000 if unit == "s" else n


def rush(work, name, lines, connections, duration=60):
    tokens = work / f"{name}.txt"
    tokens.write_text("\n".join(lines) + "\n")
    script = work / "rush.lua"
    script.write_text(LUA)
    # wrk always runs its full duration; each thread stops issuing once its share of the users is used up,
    # and the booking rate is taken from the bookings' own timestamps instead of wrk's requests/s.
    out = sh(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency", "-s", str(script),
              f"http://127.0.0.1:{PORT}", "--", str(tokens), "2"])
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"p50": p50, "p99": p99, "errors": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else "none", "raw": out}


def cpu_seconds(pids):
    """User + system CPU seconds of the given processes so far (processes gone meanwhile are skipped)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds():
    """CPU seconds the whole machine has spent busy (every process: EventFlow, PostgreSQL, the load generator)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class Costs:
    """CPU of the whole machine and of EventFlow, PostgreSQL's WAL flushes and transactions (each autocommit statement
    is one), between start() and stop(), per booking."""

    def __init__(self, app_pid):
        self.app_pid = app_pid

    def start(self):
        self.xacts = transactions()  # first: it waits for the counters, which must not count as the rush's CPU
        self.machine = machine_cpu_seconds()
        self.app = cpu_seconds([self.app_pid]) if self.app_pid else 0
        self.wal = int(psql("SELECT wal_sync FROM pg_stat_wal"))

    def stop(self, bookings):
        machine = machine_cpu_seconds() - self.machine
        app = cpu_seconds([self.app_pid]) - self.app if self.app_pid else 0
        wal = int(psql("SELECT wal_sync FROM pg_stat_wal")) - self.wal
        xacts = transactions() - self.xacts
        return {"machine_ms": machine * 1000 / bookings, "app_ms": app * 1000 / bookings, "wal": wal / bookings,
                "xacts": xacts / bookings}


def transactions():
    """Transactions PostgreSQL has finished in the benchmark's database (shared-memory counters, flushed within a second)."""
    time.sleep(1.2)
    return int(psql(f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{DB}'"))


def drain(limit=300):
    """Seconds until every domain-event listener of the bookings so far has run (no incomplete outbox rows)."""
    started = time.time()
    while time.time() - started < limit:
        if psql("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL") == "0":
            return time.time() - started
        time.sleep(0.5)
    return float("inf")


def lag(where):
    """How long after the rush's last booking its last listener (notification, feed activity) finished."""
    return float(psql("SELECT EXTRACT(EPOCH FROM (SELECT MAX(completion_date) FROM event_publication) - "
                      f"(SELECT MAX(created_at) FROM bookings WHERE {where}))"))


def rate(where):
    """Bookings per second between the first and the last booking written."""
    count, seconds = psql(f"SELECT COUNT(*), EXTRACT(EPOCH FROM MAX(created_at) - MIN(created_at)) FROM bookings WHERE {where}").split("|")
    return int(count) / max(float(seconds), 0.001)


def pgbench(work, event_ids, clients, seconds, outbox):
    psql("DROP TABLE IF EXISTS bench_events; CREATE TABLE bench_events (n INT PRIMARY KEY, id UUID NOT NULL)")
    values = ",".join(f"({i + 1}, '{e}')" for i, e in enumerate(event_ids))
    psql(f"INSERT INTO bench_events VALUES {values}")
    # The statements BookingService.book sends for a new booking without an Idempotency-Key (as wrk's are): look
    # for an active booking of the user, try to take a seat, else join the waiting list (each a conditional update of
    # the event row; the script always runs both, as a booking of a full event does), insert the booking; with
    # outbox, also the domain event's row in Spring Modulith's outbox (one listener: a waitlisted booking has one,
    # a confirmed one two), as the booking transaction writes it.
    publication = ""
    if outbox:
        publication = """INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status, completion_attempts)
  VALUES (gen_random_uuid(), 'io.eventflow.notification.NotificationPlanner.on(io.eventflow.booking.BookingEvents$BookingWaitlisted)',
          'io.eventflow.booking.BookingEvents$BookingWaitlisted',
          '{"booking_id":"' || gen_random_uuid() || '","event_id":"' || (SELECT id FROM bench_events WHERE n = :e)
            || '","user_id":"' || md5(:u::text)::uuid || '","position":50,"occurred_at":"2026-11-30T19:40:39.577357Z"}',
          now(), 'PUBLISHED', 0);
"""
    script = work / "book.sql"
    script.write_text(f"""\\set e random(1, {len(event_ids)})
\\set u random(1, 900000000000)
BEGIN;
SELECT id FROM bookings WHERE active_key = (SELECT id FROM bench_events WHERE n = :e) || ':' || md5(:u::text)::uuid;
UPDATE events SET seats_taken = seats_taken + 1, popularity = popularity + 1 WHERE id = (SELECT id FROM bench_events WHERE n = :e)
  AND status <> 'cancelled' AND start_time > now() AND (capacity IS NULL OR seats_taken < capacity);
UPDATE events SET waitlisted = waitlisted + 1, waitlist_seq = waitlist_seq + 1, popularity = popularity + 1
  WHERE id = (SELECT id FROM bench_events WHERE n = :e)
  AND status <> 'cancelled' AND start_time > now() AND capacity IS NOT NULL AND seats_taken >= capacity
  RETURNING waitlisted, waitlist_seq;
INSERT INTO bookings (id, event_id, user_id, kind, status, active_key, created_at, updated_at, ticket_code, waitlist_seq)
  VALUES (gen_random_uuid(), (SELECT id FROM bench_events WHERE n = :e), md5(:u::text)::uuid, 'booking', 'waitlisted',
          (SELECT id FROM bench_events WHERE n = :e) || ':' || md5(:u::text)::uuid, now(), now(), md5(random()::text),
          :u);
{publication}COMMIT;
""")
    costs = Costs(None)
    costs.start()
    out = sh(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds),
              "-f", str(script), DB])
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    return tps, costs.stop(tps * seconds)


def cancellation_run(work, event, users, mode, n, waiting, connections):
    """An event full with n seats and `waiting` in line; its n holders cancel at once. Returns the figures and the check."""
    eid = event(n, f"Cancel {mode}")
    if mode == "offer":
        api_patch_mode(eid, "offer")
    holders = users(n)
    rush(work, f"book-{mode}", [f"{t} POST /api/v1/events/{eid}/bookings" for t in holders], min(connections, 200), 20)
    line = users(waiting)
    rush(work, f"line-{mode}", [f"{t} POST /api/v1/events/{eid}/bookings" for t in line], min(connections, 200), 20)
    drain()
    seats = dict(row.split("|") for row in psql(
        f"SELECT user_id, id FROM bookings WHERE event_id = '{eid}' AND status = 'confirmed'").splitlines())
    lines = []
    for t in holders:
        payload = t.split(".")[1]
        sub_id = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]
        if sub_id in seats:
            lines.append(f"{t} DELETE /api/v1/bookings/{seats[sub_id]}")
    line_in_order = psql(f"SELECT id FROM bookings WHERE event_id = '{eid}' AND status = 'waitlisted' "
                         f"ORDER BY waitlist_seq").splitlines()
    r = rush(work, f"cancel-{mode}", lines, connections, 30)
    r["rps"] = cancelled_rate(eid)
    r["count"] = len(lines)
    # wrk may drop the request it had built when a thread stops (as in the rushes): the cancellations written, not
    # the lines prepared, say how many seats were freed; each must have gone to the next in line, in order
    cancelled = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{eid}' AND status = 'cancelled'"))
    moved = "confirmed" if mode == "auto" else "offered"
    expected = min(cancelled, len(line_in_order))
    first = line_in_order[:expected]
    got = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{eid}' AND status = '{moved}' AND waitlist_seq IS NOT NULL"))
    in_order = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{eid}' AND status = '{moved}' AND id IN ("
                        + ",".join(f"'{b}'" for b in first) + ")")) if first else 0
    taken = int(psql(f"SELECT seats_taken FROM events WHERE id = '{eid}'"))
    holding = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{eid}' AND status IN ('confirmed', 'offered')"))
    ok = got == expected == in_order and taken == holding <= n and (taken == n or expected == len(line_in_order))
    r["check"] = (f"{mode}: {cancelled} cancelled, {got} of the line {moved} = the first {in_order} of {len(line_in_order)} "
                  f"in line; seats_taken {taken}, holding a seat {holding} (capacity {n}): "
                  f"{'OK, FIFO, no oversell' if ok else 'WRONG'}")
    r["event"] = eid
    return r


def api_patch_mode(eid, mode):
    api("PATCH", f"/api/v1/events/{eid}", {"waitlist_mode": mode, "offer_ttl": "PT12H"}, ORGANIZER[0])


def cancelled_rate(eid):
    count, seconds = psql(f"SELECT COUNT(*), EXTRACT(EPOCH FROM MAX(cancelled_at) - MIN(cancelled_at)) FROM bookings "
                          f"WHERE event_id = '{eid}' AND cancelled_at IS NOT NULL").split("|")
    return int(count) / max(float(seconds), 0.001)


def cancellations(args, work, event, users):
    n = args.cancellations
    connections = min(args.connections, n)
    print(f"== Warm-up (discarded): {n} cancellations in auto mode, then in offer mode", flush=True)
    for mode in ("auto", "offer"):
        cancellation_run(work, event, users, mode, n, n, connections)
    results = []
    for mode in ("auto", "offer"):
        print(f"== Cancellations, {mode} mode: {n} seat holders cancel at once, {n} in line, {connections} connections",
              flush=True)
        results.append((mode, cancellation_run(work, event, users, mode, n, n, connections)))
    offer = results[1][1]
    eid = offer["event"]
    print(f"== Accepting the {n} offers at once", flush=True)
    offered = psql(f"SELECT user_id, id FROM bookings WHERE event_id = '{eid}' AND status = 'offered'").splitlines()
    # the holders' tokens are made again from their ids: any token with the right subject is theirs
    lines = [f"{token(uuid.UUID(u))} POST /api/v1/bookings/{b}/accept" for u, b in (row.split("|") for row in offered)]
    accepted = rush(work, "accept", lines, connections, 30)
    count, seconds = psql(f"SELECT COUNT(*), EXTRACT(EPOCH FROM MAX(updated_at) - MIN(updated_at)) FROM bookings "
                          f"WHERE event_id = '{eid}' AND id IN ({','.join(repr(row.split('|')[1]) for row in offered)}) "
                          f"AND status = 'confirmed'").split("|")
    accepted["rps"] = int(count) / max(float(seconds), 0.001)
    still = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{eid}' AND status = 'offered'"))
    holding = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{eid}' AND status IN ('confirmed', 'offered')"))
    taken = int(psql(f"SELECT seats_taken FROM events WHERE id = '{eid}'"))
    print(f"\n== Results (the hot event's cancellations: {n} at once over {connections} connections)")
    auto = results[0][1]
    for mode, r in results:
        print(f"{mode + ' mode':13} {r['rps']:8.0f} cancellations/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
              f"errors {r['errors']}  socket errors: {r['socket_errors']}   vs auto {r['rps'] / auto['rps']:4.0%}")
    print(f"{'accepts':13} {accepted['rps']:8.0f} accepts/s        p50 {accepted['p50']:7.1f} ms  p99 {accepted['p99']:7.1f} ms  "
          f"errors {accepted['errors']}  socket errors: {accepted['socket_errors']}")
    for _, r in results:
        print(r["check"])
    print(f"offer: {count} of {len(lines)} offers accepted, {still} still open (wrk drops a request when a thread stops); "
          f"holding a seat {holding}, seats_taken {taken} (capacity {n}): "
          f"{'OK' if int(count) + still == len(lines) and holding == taken <= n else 'WRONG'}")


ORGANIZER = []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--pg-clients", type=int, default=50, help="pgbench clients (PostgreSQL allows 100 connections)")
    parser.add_argument("--only", choices=("hot", "spread", "cancel"),
                        help="measure one scenario (and its reference) for a quicker A/B; cancel: offer mode next to auto")
    parser.add_argument("--cancellations", type=int, default=1000, help="with --only cancel: seats freed at once")
    args = parser.parse_args()
    jar = str(next((ROOT / "target").glob("eventflow-*.jar")))
    work = Path(tempfile.mkdtemp(prefix="eventflow-booking-bench-"))

    print(f"== Database {DB}", flush=True)
    sh(PG + ["-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"])
    sh(PG + ["-d", "postgres", "-c", f"CREATE DATABASE {DB}"])
    log = open(tempfile.gettempdir() + "/eventflow-booking-bench-app.log", "w")
    app = subprocess.Popen([find_jdk(), "-Xms1g", "-Xmx1g", *os.environ.get("EVENTFLOW_BENCH_JVM_OPTS", "").split(), "-jar", jar, f"--server.port={PORT}",
                            f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}",
                            "--spring.datasource.username=postgres", "--spring.datasource.password=",
                            "--spring.data.redis.host=127.0.0.1", f"--eventflow.redis.key-prefix=bench-{uuid.uuid4()}:",
                            "--eventflow.rate-limit.enabled=false", "--eventflow.demo-data.enabled=false",
                            # completed publications are kept (not deleted) so their completion dates tell the listeners' lag
                            "--spring.modulith.events.completion-mode=update",
                            f"--eventflow.identity.jwt.secret={SECRET}", "--logging.level.root=WARN"],
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # a loaded machine (other work on the same cores) can take minutes to start it
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/actuator/health/readiness", timeout=1)
                break
            except Exception:
                if app.poll() is not None:
                    sys.exit(f"EventFlow exited while starting; see {log.name}")
                time.sleep(1)
        else:
            sys.exit(f"EventFlow was not ready after 10 minutes; see {log.name}")
        organizer = token(uuid.uuid4(), "organizer")
        ORGANIZER.append(organizer)
        start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 30 * 86400))
        end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 30 * 86400 + 7200))

        def event(capacity, title):
            return api("POST", "/api/v1/events", {"title": title, "start_time": start, "end_time": end,
                                                  "capacity": capacity}, organizer)["id"]

        def users(n):
            return [token(uuid.uuid4()) for _ in range(n)]

        capacity = args.users // 10

        def spread_events(title):
            return [e["id"] for e in api("POST", "/api/v1/events/batch", {"events": [
                {"title": f"{title} {i}", "start_time": start, "end_time": end, "capacity": max(1, capacity // 1000)}
                for i in range(1000)]}, organizer)["items"]]

        if args.only == "cancel":
            cancellations(args, work, event, users)
            return

        # Both shapes of rush, full size, before measuring: with half a rush on one event as warm-up, JFR showed the
        # JIT's compiler threads still using as much CPU as the requests during the measured rushes (2 cores).
        print(f"== Warm-up (discarded): {args.users} users on one event, then {args.users} over 1,000 events", flush=True)
        warm = event(capacity, "Warm-up")
        rush(work, "warm", [f"{t} /api/v1/events/{warm}/bookings" for t in users(args.users)], args.connections, 40)
        warm_spread = spread_events("Warm-up")
        rush(work, "warm-spread", [f"{t} /api/v1/events/{warm_spread[i % 1000]}/bookings"
                                   for i, t in enumerate(users(args.users))], args.connections, 40)
        drain()

        costs = Costs(app.pid)
        results = []

        if args.only != "spread":
            print(f"== Hot event: {args.users} users, {args.connections} connections, capacity {capacity}", flush=True)
            hot = event(capacity, "Hot")
            costs.start()
            r = rush(work, "hot", [f"{t} /api/v1/events/{hot}/bookings" for t in users(args.users)], args.connections)
            r["rps"] = rate(f"event_id = '{hot}'")
            drain()
            r["costs"] = costs.stop(int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{hot}'")))
            r["drain"] = lag(f"event_id = '{hot}'")
            confirmed = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{hot}' AND status = 'confirmed'"))
            waitlisted = int(psql(f"SELECT COUNT(*) FROM bookings WHERE event_id = '{hot}' AND status = 'waitlisted'"))
            seats = int(psql(f"SELECT seats_taken FROM events WHERE id = '{hot}'"))
            positions = psql(f"SELECT COUNT(DISTINCT id) FROM bookings WHERE event_id = '{hot}' AND status = 'waitlisted'")
            # wrk can drop a request already built when a thread stops, so the bookings written (not the users
            # prepared) are the attempts: no oversell = confirmed <= capacity; no undersell = confirmed = min(capacity, attempts).
            attempts = confirmed + waitlisted
            ok = confirmed == min(capacity, attempts) == seats and int(positions) == waitlisted
            r["check"] = (f"hot event: {attempts} bookings written of {args.users} prepared; confirmed {confirmed} "
                          f"(capacity {capacity}), waitlisted {waitlisted}, seats_taken {seats}: "
                          f"{'OK, no oversell, no undersell' if ok else 'WRONG'}")
            results.append(("hot", "hot event", r))

        if args.only != "hot":
            print("== Spread: the same load over 1,000 events", flush=True)
            spread_ids = spread_events("Spread")
            spread_tokens = users(args.users)
            costs.start()
            r = rush(work, "spread", [f"{t} /api/v1/events/{spread_ids[i % 1000]}/bookings"
                                      for i, t in enumerate(spread_tokens)], args.connections)
            r["rps"] = rate("event_id IN (SELECT id FROM events WHERE title LIKE 'Spread %')")
            drain()
            r["costs"] = costs.stop(int(psql("SELECT COUNT(*) FROM bookings WHERE event_id IN "
                                             "(SELECT id FROM events WHERE title LIKE 'Spread %')")))
            r["drain"] = lag("event_id IN (SELECT id FROM events WHERE title LIKE 'Spread %')")
            over = psql("SELECT COUNT(*) FROM events e WHERE e.title LIKE 'Spread %' AND e.seats_taken > e.capacity")
            r["check"] = f"1,000 events: events with more seats taken than capacity: {over}"
            results.append(("spread", "1,000 events", r))

        print(f"== pgbench reference ({args.pg_clients} clients, the booking transaction's statements; then with its outbox row)",
              flush=True)
        references = {}
        if args.only != "spread":
            references["hot"] = (pgbench(work, [event(capacity, "Reference hot")], args.pg_clients, 15, False),
                                 pgbench(work, [event(capacity, "Reference hot outbox")], args.pg_clients, 15, True))
        if args.only != "hot":
            references["spread"] = (pgbench(work, spread_events("Reference"), args.pg_clients, 15, False),
                                    pgbench(work, spread_events("Reference outbox"), args.pg_clients, 15, True))

        print(f"\n== Results ({args.users} users, {args.connections} concurrent connections)")
        for key, name, r in results:
            (ref, ref_costs), (ref_outbox, _) = references[key]
            print(f"{name:13} {r['rps']:8.0f} bookings/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
                  f"errors {r['errors']}  socket errors: {r['socket_errors']}")
            print(f"{'':13} pgbench {ref:6.0f} tps: ratio {r['rps'] / ref:4.0%}   "
                  f"with the outbox row {ref_outbox:6.0f} tps: ratio {r['rps'] / ref_outbox:4.0%}")
            print(f"{'':13} its notifications and feed activities all done {r['drain']:.1f} s after its last booking")
            c = r["costs"]
            print(f"{'':13} per booking, listeners included: {c['machine_ms']:.2f} ms of machine CPU (EventFlow "
                  f"{c['app_ms']:.2f} ms), {c['wal']:.1f} WAL flushes, {c['xacts']:.1f} database transactions | pgbench per "
                  f"transaction: {ref_costs['machine_ms']:.2f} ms of machine CPU, {ref_costs['wal']:.1f} WAL flushes")
        for _, _, r in results:
            print(r["check"])
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        try:
            app.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: do not leave it running
            os.killpg(app.pid, signal.SIGKILL)
            app.wait(timeout=30)


if __name__ == "__main__":
    main()
