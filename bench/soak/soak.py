#!/usr/bin/env python3
"""Soak run: one EventFlow node under a steady mix of event creates and changes, bookings, cancellations and reads
for longer than the connection pool's max-lifetime (30 minutes), printing errors per minute. Zero errors is the
target. Two modes:

- the embedded default (H2, what `./mvnw spring-boot:run` gives a newcomer), the basic mix;
- `--postgres`: the production path (PostgreSQL, Redis, RabbitMQ on 127.0.0.1, a fresh database and key/queue
  prefixes of its own), with the full mix: also chat over WebSocket, watchers connecting to `/ws/events/{id}` and
  leaving, and photo uploads. Each minute it prints heap after GC (from the GC log), resident memory, threads, open
  file descriptors and the node's database connections with p50/p99; at the end it says whether they stayed flat
  after the warm-up (no leak) and p99 stayed within 25 % of its median.

An error is any answer other than the one the request must get: a 5xx, a 429 (the mix stays under every rate
limit), a 409 on a booking the client knows to be new, a timeout or a reset. At the end the bookings are checked
against the server: every event holds exactly the active bookings the clients made (nothing lost, nothing
extra), its confirmed seats are min(capacity, active bookings) (no oversell, no undersell), and its seat counter
agrees.

Usage: bench/soak/run.sh [--postgres] [--minutes 45] [--rate 20] [--workers 8] [--max-lifetime SECONDS] [--jar PATH]
--max-lifetime shortens HikariCP's max-lifetime (at least 30 s) to replay the pool's turnover in minutes.
Rate limits stay on, as by default: each simulated user writes well below its own limits, and each comes from an
address of its own (X-Forwarded-For, honoured from the loopback proxy) so sign-ups and refreshes stay under the
per-address limits. Standard-library Python.
"""
import argparse
import collections
import json
import os
import random
import re
import shutil
import socket
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import wsclient  # noqa: E402  (next to this file)
PORT = 18095
TOKEN_REFRESH_AFTER = 12 * 60  # access tokens live 15 minutes


def find_jdk():
    for java in sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True):
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) >= 21:
            return str(java)
    sys.exit("No JDK >= 21 under /usr/lib/jvm")


class Answer:
    def __init__(self, status, body, millis):
        self.status, self.body, self.millis = status, body, millis


def call(method, path, body=None, bearer=None, address=None, timeout=30):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if bearer:
        request.add_header("Authorization", "Bearer " + bearer)
    if address:
        request.add_header("X-Forwarded-For", address)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        raw, status = e.read(), e.code
    except OSError as e:  # refused, reset, timed out
        return Answer(0, {"detail": str(e)}, (time.monotonic() - started) * 1000)
    millis = (time.monotonic() - started) * 1000
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = {"detail": raw[:200].decode(errors="replace")}
    return Answer(status, parsed, millis)


def png(width, height, seed):
    """A small valid PNG (standard library only): noise, so that it does not compress to nothing."""
    rng = random.Random(seed)
    rows = b"".join(b"\x00" + bytes(rng.getrandbits(8) for _ in range(width * 3)) for _ in range(height))

    def chunk(kind, data):
        return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack("!IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def upload(path, field, filename, content, content_type, bearer, address):
    boundary = "soak" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method="POST", data=body)
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Authorization", "Bearer " + bearer)
    request.add_header("X-Forwarded-For", address)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as e:
        raw, status = e.read(), e.code
    except OSError as e:
        return Answer(0, {"detail": str(e)}, (time.monotonic() - started) * 1000)
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = {"detail": raw[:200].decode(errors="replace")}
    return Answer(status, parsed, (time.monotonic() - started) * 1000)


class Minute:
    def __init__(self):
        self.ops = collections.Counter()
        self.errors = collections.Counter()
        self.latencies = []
        self.p99 = 0.0


class Stats:
    """Counts per wall-clock minute since the start; errors are kept with their first examples."""

    def __init__(self, started):
        self.started = started
        self.lock = threading.Lock()
        self.minutes = collections.defaultdict(Minute)
        self.examples = []

    def record(self, op, answer, expected):
        minute = int((time.monotonic() - self.started) // 60)
        ok = answer.status in expected
        with self.lock:
            m = self.minutes[minute]
            m.ops[op] += 1
            m.latencies.append(answer.millis)
            if not ok:
                m.errors[f"{op} {answer.status}"] += 1
                if len(self.examples) < 20:
                    detail = answer.body.get("detail") if isinstance(answer.body, dict) else answer.body
                    self.examples.append(f"minute {minute}: {op} -> {answer.status} {detail}")
        return ok


class User:
    def __init__(self, api_answer, address):
        self.id = api_answer.body["user"]["id"]
        self.address = address
        self.access = api_answer.body["access_token"]
        self.refresh = api_answer.body["refresh_token"]
        self.issued = time.monotonic()


class Ledger:
    """What the clients did, to compare with what the server holds at the end."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (event id, organizer)
        self.active = collections.defaultdict(set)  # event id -> booking ids the clients hold
        self.capacity = {}

    def add_event(self, event_id, organizer, capacity):
        with self.lock:
            self.events.append((event_id, organizer))
            self.capacity[event_id] = capacity

    def random_event(self, rng):
        with self.lock:
            # recent events mostly, so bookings meet full events and waiting lists
            return self.events[max(0, len(self.events) - 1 - int(rng.expovariate(1 / 30)))] if self.events else None


class Worker(threading.Thread):
    """One organizer and a few attendees, driven at a steady pace; each user is driven by this worker only, so what
    the worker remembers of its bookings is exactly what the server must hold."""

    def __init__(self, index, args, stats, ledger, deadline, addresses):
        super().__init__(daemon=True)
        self.rng = random.Random(index)
        self.args, self.stats, self.ledger, self.deadline = args, stats, ledger, deadline
        self.addresses = addresses
        self.organizer = None
        self.attendees = []
        self.bookings = {}  # booking id -> (attendee, event id)
        self.booked = set()  # (attendee id, event id) held

    def register(self, role):
        name = "soak" + uuid.uuid4().hex[:12]
        address = next(self.addresses)
        answer = call("POST", "/api/v1/auth/register", {"username": name, "email": f"{name}@example.com",
                                                          "password": "soak-password-" + name, "role": role},
                      address=address)
        if not self.stats.record("register", answer, {201}):
            return None
        return User(answer, address)

    def fresh(self, user):
        if time.monotonic() - user.issued > TOKEN_REFRESH_AFTER:
            answer = call("POST", "/api/v1/auth/refresh", {"refresh_token": user.refresh}, address=user.address)
            if self.stats.record("refresh", answer, {200}):
                user.access, user.refresh, user.issued = answer.body["access_token"], answer.body["refresh_token"], time.monotonic()
        return user

    def run(self):
        self.organizer = self.register("organizer")
        self.attendees = [u for u in (self.register("attendee") for _ in range(self.args.attendees)) if u]
        if not self.organizer or not self.attendees:
            return
        interval = self.args.workers / self.args.rate
        next_at = time.monotonic() + self.rng.random() * interval
        ops = [(self.create, 8), (self.change, 4), (self.book, 30), (self.cancel, 14), (self.read_event, 20),
               (self.search, 12), (self.my_bookings, 12)]
        if self.args.postgres:  # the full mix: chat, watchers and uploads as well
            ops += [(self.chat, 8), (self.watch, 4), (self.upload_photo, 2)]
        choices, weights = zip(*ops)
        while time.monotonic() < self.deadline:
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            next_at += interval
            self.rng.choices(choices, weights)[0]()

    def create(self):
        start = datetime.now(timezone.utc) + timedelta(days=self.rng.randint(2, 90), minutes=self.rng.randint(0, 1440))
        capacity = self.rng.randint(2, 8)
        user = self.fresh(self.organizer)
        answer = call("POST", "/api/v1/events", {
            "title": f"Soak {self.rng.choice(['jazz', 'chess', 'java', 'yoga', 'film'])} night {uuid.uuid4().hex[:6]}",
            "description": "A steady stream of changes to keep the embedded database busy.",
            "category": self.rng.choice(["concert", "tech-meetup", "sports", "workshop"]),
            "location": self.rng.choice(["Berlin, Alexanderplatz", "Lisbon, Baixa", "Tel Aviv, Rothschild 1"]),
            "latitude": 52.52, "longitude": 13.40,
            "start_time": start.isoformat(timespec="seconds"),
            "end_time": (start + timedelta(hours=2)).isoformat(timespec="seconds"),
            "capacity": capacity}, bearer=user.access, address=user.address)
        if self.stats.record("create", answer, {201}):
            self.ledger.add_event(answer.body["id"], self, capacity)

    def change(self):
        """Raise the capacity of one of this organizer's events: promotes its waiting list in the same write."""
        with self.ledger.lock:
            mine = [e for e, organizer in self.ledger.events[-200:] if organizer is self]
        if not mine:
            return self.create()
        event_id = self.rng.choice(mine)
        with self.ledger.lock:
            capacity = self.ledger.capacity[event_id] + 1
            self.ledger.capacity[event_id] = capacity
        user = self.fresh(self.organizer)
        answer = call("PATCH", f"/api/v1/events/{event_id}", {"capacity": capacity}, bearer=user.access,
                      address=user.address)
        self.stats.record("change", answer, {200})

    def book(self):
        picked = self.ledger.random_event(self.rng)
        if not picked:
            return self.create()
        event_id = picked[0]
        free = [a for a in self.attendees if (a.id, event_id) not in self.booked]
        if not free:
            return self.read_event()
        user = self.fresh(self.rng.choice(free))
        path = f"/api/v1/events/{event_id}/" + ("rsvp" if self.rng.random() < 0.2 else "bookings")
        answer = call("POST", path, bearer=user.access, address=user.address)
        if self.stats.record("book", answer, {201}):
            self.bookings[answer.body["id"]] = (user, event_id)
            self.booked.add((user.id, event_id))
            with self.ledger.lock:
                self.ledger.active[event_id].add(answer.body["id"])

    def cancel(self):
        if not self.bookings:
            return self.book()
        booking_id = self.rng.choice(list(self.bookings))
        user, event_id = self.bookings[booking_id]
        user = self.fresh(user)
        answer = call("DELETE", f"/api/v1/bookings/{booking_id}", bearer=user.access, address=user.address)
        if self.stats.record("cancel", answer, {204}):
            del self.bookings[booking_id]
            self.booked.discard((user.id, event_id))
            with self.ledger.lock:
                self.ledger.active[event_id].discard(booking_id)

    def held_event(self):
        """An event with a confirmed seat of one of this worker's attendees (chat is for participants)."""
        for booking_id in self.rng.sample(list(self.bookings), min(8, len(self.bookings))):
            user, event_id = self.bookings[booking_id]
            return user, event_id
        return None

    def chat(self):
        """Join an event's chat, say something, see it come back, leave: the connection opens and closes."""
        held = self.held_event()
        if not held:
            return self.book()
        user, event_id = held
        user = self.fresh(user)
        started = time.monotonic()
        try:
            ws = wsclient.WebSocket("127.0.0.1", PORT, f"/ws/chat/{event_id}?token={user.access}",
                                    headers={"X-Forwarded-For": user.address})
        except (OSError, wsclient.Closed) as e:
            self.stats.record("chat", Answer(0, {"detail": str(e)}, (time.monotonic() - started) * 1000), {200})
            return
        try:
            ws.send({"type": "join_chat"})
            joined = ws.receive_type("recent_messages")
            text = f"soak {uuid.uuid4().hex[:8]}"
            ws.send({"type": "send_message", "data": {"text": text}})
            echoed = None
            for _ in range(30):
                frame = ws.receive_type("new_message")
                if frame and frame["data"].get("text") == text:
                    echoed = frame
                    break
            ok = joined is not None and echoed is not None
            self.stats.record("chat", Answer(200 if ok else 0, {"detail": "no echo" if joined else "no history"},
                                             (time.monotonic() - started) * 1000), {200})
        except wsclient.Closed as e:
            # a waitlisted booking has no seat: the chat closes it out with 4403, as it must
            self.stats.record("chat", Answer(4403 if e.code == 4403 else 0, {"detail": str(e)},
                                             (time.monotonic() - started) * 1000), {4403})
        except (OSError, ValueError) as e:
            self.stats.record("chat", Answer(0, {"detail": str(e)}, (time.monotonic() - started) * 1000), {200})
        finally:
            ws.close()

    def watch(self):
        """Open /ws/events/{id}, get its availability, and keep it open a while in the background before leaving."""
        picked = self.ledger.random_event(self.rng)
        if not picked:
            return self.create()
        started = time.monotonic()
        try:
            ws = wsclient.WebSocket("127.0.0.1", PORT, f"/ws/events/{picked[0]}",
                                    headers={"X-Forwarded-For": self.organizer.address})
            first = ws.receive_type("availability")
            self.stats.record("watch", Answer(200 if first else 0, {"detail": "no availability frame"},
                                              (time.monotonic() - started) * 1000), {200})
        except (OSError, wsclient.Closed, ValueError) as e:
            self.stats.record("watch", Answer(0, {"detail": str(e)}, (time.monotonic() - started) * 1000), {200})
            return
        Watchers.keep(ws, self.rng.uniform(5, 60))

    def upload_photo(self):
        with self.ledger.lock:
            mine = [e for e, organizer in self.ledger.events[-200:] if organizer is self]
        if not mine:
            return self.create()
        user = self.fresh(self.organizer)
        event_id = self.rng.choice(mine)
        answer = upload(f"/api/v1/events/{event_id}/photos", "photo", "soak.png", PHOTO, "image/png", user.access,
                        user.address)
        if self.stats.record("upload", answer, {201}) and self.rng.random() < 0.5:
            self.stats.record("delete_photo", call("DELETE", f"/api/v1/photos/{answer.body['id']}", bearer=user.access,
                                                   address=user.address), {204})

    def read_event(self):
        picked = self.ledger.random_event(self.rng)
        if picked:
            self.stats.record("read", call("GET", f"/api/v1/events/{picked[0]}", address=self.organizer.address), {200})

    def search(self):
        word = self.rng.choice(["jazz", "chess", "java", "yoga", "film"])
        self.stats.record("search", call("GET", f"/api/v1/events?q={word}&sort=-start_time&size=20",
                                         address=self.organizer.address), {200})

    def my_bookings(self):
        user = self.fresh(self.rng.choice(self.attendees))
        self.stats.record("read", call("GET", "/api/v1/users/me/bookings?size=20", bearer=user.access,
                                       address=user.address), {200})


PHOTO = png(200, 150, 7)


class Watchers:
    """Event watchers that stay connected for a while, reading what is pushed, and then leave."""

    lock = threading.Lock()
    open = []  # (deadline, socket)

    @staticmethod
    def keep(ws, seconds):
        ws.sock.settimeout(0.05)
        with Watchers.lock:
            Watchers.open.append((time.monotonic() + seconds, ws))

    @staticmethod
    def run(stop):
        while not stop.is_set():
            now = time.monotonic()
            with Watchers.lock:
                current = list(Watchers.open)
            for entry in current:
                deadline, ws = entry
                try:
                    while True:
                        ws.receive()  # drain pushes (and answer pings) until the short timeout
                except (socket.timeout, TimeoutError):
                    pass
                except (OSError, wsclient.Closed, ValueError):
                    deadline = 0
                if now >= deadline:
                    ws.close()
                    with Watchers.lock:
                        Watchers.open.remove(entry)
            time.sleep(0.5)
        with Watchers.lock:
            for _, ws in Watchers.open:
                ws.close()
            Watchers.open.clear()


class Addresses:
    """A client address of its own for each simulated user (10.x.y.z), shared by all workers."""

    lock = threading.Lock()
    count = 0

    def __next__(self):
        with Addresses.lock:
            Addresses.count += 1
            n = Addresses.count
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class Node:
    """What the node holds, read from outside each minute: heap after GC (the GC log), RSS, threads, descriptors
    (/proc), and its connections to the database (pg_stat_activity; PostgreSQL only)."""

    GC_LINE = re.compile(r"GC\(\d+\) Pause.* (\d+)M->(\d+)M\((\d+)M\)")

    def __init__(self, pid, gc_log, database):
        self.pid, self.gc_log, self.database = pid, gc_log, database
        self.gc_offset = 0
        self.rows = []  # one dict per minute

    def heap_after_gc_mb(self):
        """The smallest heap left by a collection since the last reading: the live data plus what survived young."""
        try:
            with open(self.gc_log) as log:
                log.seek(self.gc_offset)
                text = log.read()
                self.gc_offset = log.tell()
        except OSError:
            return None
        after = [int(m.group(2)) for m in self.GC_LINE.finditer(text)]
        return min(after) if after else None

    def proc(self, field):
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def fds(self):
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return 0

    def db_connections(self):
        if not self.database:
            return None
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
                              f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{self.database}'"],
                             capture_output=True, text=True).stdout.strip()
        return int(out) if out.isdigit() else None

    def sample(self):
        row = {"heap": self.heap_after_gc_mb(), "rss": self.proc("VmRSS") // 1024, "threads": self.proc("Threads"),
               "fds": self.fds(), "db": self.db_connections()}
        self.rows.append(row)
        return row


def show(value):
    return "-" if value is None else str(value)


def print_minute(minute, m, node):
    lat = sorted(m.latencies) or [0]
    row = node.sample()
    m.p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"{minute + 1:>4} {sum(m.ops.values()):>8} {m.ops['create']:>7} {m.ops['book']:>6} {m.ops['cancel']:>7} "
          f"{m.ops['read'] + m.ops['search']:>6} {m.ops['chat']:>5} {m.ops['watch']:>5} {m.ops['upload']:>6} "
          f"{lat[len(lat) // 2]:>7.1f} {m.p99:>7.1f} {show(row['heap']):>7} {row['rss']:>6} {row['threads']:>7} "
          f"{row['fds']:>5} {show(row['db']):>4} {len(Watchers.open):>5} {sum(m.errors.values()):>6}  "
          + ", ".join(f"{k} x{v}" for k, v in m.errors.items()), flush=True)


def median(values):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def flatness(node, minutes, warmup):
    """After the warm-up, the last third's median against the first third's, per figure; and p99 per minute
    against its median. Returns (lines, all flat)."""
    rows = node.rows[warmup:]
    p99s = [m.p99 for m in minutes[warmup:]]
    if len(rows) < 3:
        return ["too short to judge flatness (needs 3 minutes after the warm-up)"], False
    third = max(1, len(rows) // 3)
    lines, flat = [], True
    # growth allowed: 15 % plus a floor of noise per figure
    for key, name, slack in [("heap", "heap after GC MB", 16), ("rss", "RSS MB", 32), ("threads", "threads", 4),
                             ("fds", "open files", 8), ("db", "db connections", 2)]:
        early, late = median(r[key] for r in rows[:third]), median(r[key] for r in rows[-third:])
        if early is None or late is None:
            continue
        ok = late <= early * 1.15 + slack
        flat &= ok
        lines.append(f"{name}: {early} -> {late} ({'flat' if ok else 'GROWING'})")
    mid = median(p99s)
    outside = [i + warmup + 1 for i, p in enumerate(p99s) if mid and abs(p - mid) > 0.25 * mid]
    lines.append(f"p99 median {mid:.1f} ms; minutes beyond +/-25 %: {outside if outside else 'none'}")
    return lines, flat and not outside


def verify(ledger):
    """Every event holds exactly the clients' active bookings; confirmed = min(capacity, active); counters agree."""
    problems = []
    for event_id, organizer in ledger.events:
        user = organizer.fresh(organizer.organizer)
        held, page = [], 0
        while True:
            answer = call("GET", f"/api/v1/events/{event_id}/bookings?page={page}&size=100", bearer=user.access,
                          address=user.address)
            if answer.status != 200:
                problems.append(f"{event_id}: bookings list answered {answer.status}")
                break
            held += answer.body["items"]
            if len(answer.body["items"]) < 100:
                break
            page += 1
        active = {b["id"] for b in held if b["status"] != "cancelled"}
        confirmed = sum(1 for b in held if b["status"] == "confirmed")
        event = call("GET", f"/api/v1/events/{event_id}", address=user.address).body
        if active != ledger.active[event_id]:
            problems.append(f"{event_id}: server holds {len(active)} active bookings, clients {len(ledger.active[event_id])}")
        if confirmed != min(event["capacity"], len(active)):
            problems.append(f"{event_id}: {confirmed} confirmed of {len(active)} active, capacity {event['capacity']}")
        if event["seats_taken"] != confirmed:
            problems.append(f"{event_id}: seats_taken {event['seats_taken']}, confirmed bookings {confirmed}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, help="default 45, 20 with --postgres")
    parser.add_argument("--rate", type=float, help="requests per second over all workers (default 20, 100 with --postgres)")
    parser.add_argument("--workers", type=int, help="default 8, 32 with --postgres (each user stays under its limits)")
    parser.add_argument("--attendees", type=int, default=6, help="attendees per worker")
    parser.add_argument("--max-lifetime", type=int, help="HikariCP max-lifetime in seconds (default: 30 minutes)")
    parser.add_argument("--jar", help="the EventFlow jar (default: target/eventflow-*.jar)")
    parser.add_argument("--postgres", action="store_true",
                        help="the production path on the local PostgreSQL, Redis and RabbitMQ, with the full mix")
    parser.add_argument("--warmup", type=int, default=5, help="minutes left out of the flatness verdict")
    args = parser.parse_args()
    args.minutes = args.minutes or (20 if args.postgres else 45)
    args.rate = args.rate or (100 if args.postgres else 20)
    args.workers = args.workers or (32 if args.postgres else 8)

    jar = args.jar or str(next(ROOT.glob("target/eventflow-*.jar")))
    work = Path(tempfile.mkdtemp(prefix="eventflow-soak-"))
    command = [find_jdk(), "-Xmx512m", f"-Xlog:gc:file={work / 'gc.log'}", "-jar", jar, f"--server.port={PORT}",
               f"--eventflow.data-dir={work / 'data'}", "--eventflow.demo-data.enabled=false"]
    database = None
    if args.postgres:
        run_id = datetime.now(timezone.utc).strftime("%Y%m%d_%H%M%S")
        database = f"eventflow_soak_{run_id}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {database}"], check=True)
        command += [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{database}",
                    "--spring.datasource.username=postgres", "--spring.data.redis.host=127.0.0.1",
                    f"--eventflow.redis.key-prefix=soak-{run_id}:", "--spring.rabbitmq.host=127.0.0.1",
                    f"--eventflow.rabbitmq.prefix=soak-{run_id}.", "--eventflow.rabbitmq.queue-expiry=10m",
                    f"--eventflow.public-url=http://127.0.0.1:{PORT}"]
    if args.max_lifetime:
        command.append(f"--spring.datasource.hikari.max-lifetime={args.max_lifetime * 1000}")
    log = open(work / "eventflow.log", "w")
    app = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            if call("GET", "/actuator/health/readiness", timeout=2).status == 200:
                break
            time.sleep(1)
        else:
            sys.exit(f"EventFlow did not start; see {work / 'eventflow.log'}")
        pool = f"max-lifetime {args.max_lifetime} s" if args.max_lifetime else "max-lifetime 30 min (default)"
        where = (f"PostgreSQL database {database}, Redis and RabbitMQ on 127.0.0.1 (full mix: chat, watchers, uploads)"
                 if args.postgres else f"H2 under {work / 'data'}")
        print(f"== EventFlow on {where}, {pool}; {args.rate:g} requests/s from {args.workers} "
              f"workers x ({args.attendees} attendees + 1 organizer) for {args.minutes:g} min", flush=True)
        started = time.monotonic()
        stats, ledger = Stats(started), Ledger()
        node = Node(app.pid, work / "gc.log", database)
        stop_watchers = threading.Event()
        watchers = threading.Thread(target=Watchers.run, args=(stop_watchers,), daemon=True)
        watchers.start()
        workers = [Worker(i, args, stats, ledger, started + args.minutes * 60, Addresses()) for i in range(args.workers)]
        for w in workers:
            w.start()
        print(f"{'min':>4} {'requests':>8} {'creates':>7} {'books':>6} {'cancels':>7} {'reads':>6} {'chats':>5} "
              f"{'watch':>5} {'upload':>6} {'p50 ms':>7} {'p99 ms':>7} {'heap MB':>7} {'RSS MB':>6} {'threads':>7} "
              f"{'files':>5} {'db':>4} {'ws':>5} {'errors':>6}  what failed", flush=True)
        shown, minutes = 0, []
        while any(w.is_alive() for w in workers):
            time.sleep(1)
            while shown < int((time.monotonic() - started) // 60):
                minutes.append(stats.minutes.get(shown, Minute()))
                print_minute(shown, minutes[-1], node)
                shown += 1
        for minute in range(shown, max(stats.minutes, default=-1) + 1):
            minutes.append(stats.minutes.get(minute, Minute()))
            print_minute(minute, minutes[-1], node)
        stop_watchers.set()
        watchers.join(10)
        # only whole minutes are judged: the last row holds the few requests still in flight at the deadline
        whole = int(args.minutes)
        node.rows = node.rows[:whole]
        verdict, flat = flatness(node, minutes[:whole], args.warmup)
        print(f"== After the {args.warmup}-minute warm-up: " + "; ".join(verdict), flush=True)

        total_ops = sum(sum(m.ops.values()) for m in stats.minutes.values())
        total_errors = sum(sum(m.errors.values()) for m in stats.minutes.values())
        print(f"== {total_ops} requests, {total_errors} errors; {len(ledger.events)} events, "
              f"{sum(len(v) for v in ledger.active.values())} active bookings at the end", flush=True)
        for example in stats.examples:
            print("   " + example)
        problems = verify(ledger)
        print(f"== Bookings checked against the server on {len(ledger.events)} events: "
              + ("all consistent" if not problems else f"{len(problems)} inconsistencies"))
        for problem in problems[:20]:
            print("   " + problem)
        server_errors = subprocess.run(["grep", "-c", " ERROR ", str(work / "eventflow.log")],
                                       capture_output=True, text=True).stdout.strip() or "0"
        print(f"== ERROR lines in the server log: {server_errors} ({work / 'eventflow.log'})")
        met = total_errors == 0 and not problems and server_errors == "0"
        print("== Target: zero errors, all consistent: " + ("MET" if met else "MISSED"))
        print("== Target: flat after the warm-up, p99 within +/-25 %: " + ("MET" if flat else "MISSED"))
        return 0 if total_errors == 0 and not problems else 1
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(60)
        except subprocess.TimeoutExpired:
            app.kill()
        if os.environ.get("SOAK_KEEP") != "1":
            shutil.rmtree(work / "data", ignore_errors=True)
            if database:
                subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"])


if __name__ == "__main__":
    sys.exit(main())
