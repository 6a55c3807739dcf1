#!/usr/bin/env python3
"""The dashboard's SQL at 100,000 bookings of one event, on the local PostgreSQL.

Builds the bookings table from the project's own migrations (V3, V4, V5, V15's index, V27) in a scratch database, fills one
event with N bookings (most confirmed, some waitlisted and cancelled, a share checked in by ticket and by arrival,
spread over 30 days) plus 200,000 bookings of other events, then runs each query the dashboard runs with pgbench
and EXPLAIN ANALYZE. References measured in the same run: the existing statistics query (GET .../stats), the same
dashboard queries without the V27 indexes, and a primary-key read. The SQL is copied from
booking/BookingActivityQueries.java and booking/Attendance.java: keep them in step.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIGRATIONS = os.path.join(ROOT, "src/main/resources/db/migration/common")
EVENT = "0190a000-0000-7000-8000-000000000001"

QUERIES = {
    # bookings over time, 1 h buckets (BookingActivityQueries.bookingsOverTime, made)
    "bookings_made_1h": f"""SELECT b, COUNT(*) AS n FROM (SELECT CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 3600) AS BIGINT) AS b
        FROM bookings WHERE event_id = '{EVENT}') bucketed GROUP BY b ORDER BY b""",
    # ... and cancelled
    "bookings_cancelled_1h": f"""SELECT b, COUNT(*) AS n FROM (SELECT CAST(FLOOR(EXTRACT(EPOCH FROM cancelled_at) / 3600) AS BIGINT) AS b
        FROM bookings WHERE event_id = '{EVENT}' AND status = 'cancelled' AND cancelled_at IS NOT NULL) bucketed GROUP BY b ORDER BY b""",
    # check-ins over time, 5 min buckets, by ticket and by arrival
    "check_ins_ticket_5m": f"""SELECT b, COUNT(*) AS n FROM (SELECT CAST(FLOOR(EXTRACT(EPOCH FROM checked_in_at) / 300) AS BIGINT) AS b
        FROM bookings WHERE event_id = '{EVENT}' AND checked_in_at IS NOT NULL AND status = 'confirmed') bucketed GROUP BY b ORDER BY b""",
    "check_ins_arrival_5m": f"""SELECT b, COUNT(*) AS n FROM (SELECT CAST(FLOOR(EXTRACT(EPOCH FROM arrived_at) / 300) AS BIGINT) AS b
        FROM bookings WHERE event_id = '{EVENT}' AND arrived_at IS NOT NULL AND status = 'confirmed') bucketed GROUP BY b ORDER BY b""",
    "booking_span": f"""SELECT MIN(created_at) AS first_at, MAX(created_at) AS last_at FROM bookings WHERE event_id = '{EVENT}'""",
    "check_in_counts": f"""SELECT COUNT(*) AS present, COUNT(checked_in_at) AS by_ticket, COUNT(arrived_at) AS by_arrival,
        COUNT(CASE WHEN checked_in_at IS NOT NULL AND arrived_at IS NOT NULL THEN 1 END) AS both_ways
        FROM bookings WHERE event_id = '{EVENT}' AND status = 'confirmed' AND (checked_in_at IS NOT NULL OR arrived_at IS NOT NULL)""",
}
REFERENCES = {
    # what GET /api/v1/events/{id}/stats runs (Attendance.stats), also part of every dashboard answer
    "stats (existing)": f"""SELECT COUNT(CASE WHEN status = 'confirmed' THEN 1 END) AS confirmed,
        COUNT(CASE WHEN status = 'waitlisted' THEN 1 END) AS waitlisted, COUNT(CASE WHEN status = 'cancelled' THEN 1 END) AS cancelled,
        COUNT(CASE WHEN status <> 'cancelled' AND kind = 'rsvp' THEN 1 END) AS rsvps,
        COUNT(CASE WHEN status = 'confirmed' AND arrived_at IS NOT NULL THEN 1 END) AS arrivals
        FROM bookings WHERE event_id = '{EVENT}'""",
    "primary key": "SELECT * FROM bookings WHERE id = '0190a000-0000-7000-8000-000000000099'",
}


def psql(db, sql, quiet=True):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    return out.stdout


def pgbench(db, sql, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(" ".join(sql.split()) + ";\n")
        script = f.name
    out = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", "2", "-j", "2", "-T", str(seconds),
                          "-f", script, db], capture_output=True, text=True)
    os.unlink(script)
    tps = re.search(r"tps = ([\d.]+)", out.stdout)
    lat = re.search(r"latency average = ([\d.]+) ms", out.stdout)
    if not tps:
        sys.exit(out.stdout + out.stderr)
    return float(tps.group(1)), float(lat.group(1))


def explain(db, sql):
    plan = psql(db, "EXPLAIN (ANALYZE, BUFFERS) " + sql)
    nodes = [line.strip() for line in plan.splitlines() if "Scan" in line]
    total = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return (nodes[0].split("  (")[0] if nodes else "?"), float(total.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--others", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--db", default="eventflow_bench_dashboard")
    args = parser.parse_args()

    psql("postgres", f"DROP DATABASE IF EXISTS {args.db}")
    psql("postgres", f"CREATE DATABASE {args.db}")
    try:
        for name in ["V3__booking.sql", "V4__arrival.sql", "V5__tickets.sql", "V27__dashboard_indexes.sql"]:
            with open(os.path.join(MIGRATIONS, name)) as f:
                psql(args.db, f.read())
        # V15's index on the waiting list's order (its other statements need the catalog's table)
        psql(args.db, "ALTER TABLE bookings ADD COLUMN waitlist_seq BIGINT; "
                      "CREATE INDEX ix_bookings_waitlist ON bookings (event_id, status, waitlist_seq)")
        n = args.bookings
        # one event: 90 % confirmed, 5 % waitlisted, 5 % cancelled over 30 days; of the confirmed, 60 % checked in by
        # ticket and 30 % arrived on site during a 3 hour event
        psql(args.db, f"""
            INSERT INTO bookings (id, event_id, user_id, kind, status, created_at, updated_at, cancelled_at,
                                  checked_in_at, arrived_at, ticket_code)
            SELECT gen_random_uuid(), '{EVENT}', gen_random_uuid(), 'booking',
                   CASE WHEN i % 20 = 0 THEN 'waitlisted' WHEN i % 20 = 1 THEN 'cancelled' ELSE 'confirmed' END,
                   TIMESTAMPTZ '2026-11-01 00:00Z' + (i * INTERVAL '30 days' / {n}),
                   TIMESTAMPTZ '2026-11-01 00:00Z' + (i * INTERVAL '30 days' / {n}),
                   CASE WHEN i % 20 = 1 THEN TIMESTAMPTZ '2026-11-02 00:00Z' + (i * INTERVAL '28 days' / {n}) END,
                   CASE WHEN i % 20 > 1 AND i % 10 < 6 THEN TIMESTAMPTZ '2026-12-01 18:00Z' + random() * INTERVAL '3 hours' END,
                   CASE WHEN i % 20 > 1 AND i % 10 >= 7 THEN TIMESTAMPTZ '2026-12-01 17:00Z' + random() * INTERVAL '4 hours' END,
                   md5(i::text)
            FROM generate_series(1, {n}) AS i""")
        # other events' bookings around it
        psql(args.db, f"""
            INSERT INTO bookings (id, event_id, user_id, kind, status, created_at, updated_at)
            SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'booking', 'confirmed',
                   TIMESTAMPTZ '2026-11-01 00:00Z' + random() * INTERVAL '30 days', now()
            FROM generate_series(1, {args.others}) AS i""")
        psql(args.db, "VACUUM ANALYZE bookings")

        print(f"# dashboard SQL, {n:,} bookings of one event among {n + args.others:,}, PostgreSQL "
              + psql(args.db, "SHOW server_version").strip() + f", pgbench -c2 -j2 -T{args.seconds}")
        print()
        print("| query | with V27: tps | avg ms | plan | without V27: tps | avg ms | plan |")
        print("|---|---:|---:|---|---:|---:|---|")
        results = {}
        for name, sql in QUERIES.items():
            tps, ms = pgbench(args.db, sql, args.seconds)
            plan, _ = explain(args.db, sql)
            results[name] = (tps, ms, plan)
        psql(args.db, "DROP INDEX ix_bookings_event_created; DROP INDEX ix_bookings_event_checked_in; "
                      "DROP INDEX ix_bookings_event_arrived")
        total_with = 0.0
        total_without = 0.0
        for name, sql in QUERIES.items():
            tps, ms, plan = results[name]
            tps2, ms2 = pgbench(args.db, sql, args.seconds)
            plan2, _ = explain(args.db, sql)
            total_with += ms
            total_without += ms2
            print(f"| {name} | {tps:,.0f} | {ms:.2f} | {plan} | {tps2:,.0f} | {ms2:.2f} | {plan2} |")
        print()
        print("| reference | tps | avg ms | plan |")
        print("|---|---:|---:|---|")
        for name, sql in REFERENCES.items():
            tps, ms = pgbench(args.db, sql, args.seconds)
            plan, _ = explain(args.db, sql)
            print(f"| {name} | {tps:,.0f} | {ms:.2f} | {plan} |")
        print()
        print(f"dashboard's own queries together: {total_with:.1f} ms a dashboard with V27, {total_without:.1f} ms without "
              f"(plus the statistics query above, which the dashboard reuses)")
    finally:
        psql("postgres", f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    main()
