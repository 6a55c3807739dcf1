#!/usr/bin/env python3
"""Activity-feed benchmark: a reader who follows 1,000 people with 100,000 activities between them.

Starts EventFlow on a PostgreSQL database of its own, registers the reader through the API, then loads
(with SQL, as fan-out on write would have left them) 1,000 followed users with 100 activities each, the
reader's 100,000 feed entries, 200 other readers following 100 of the same people each (2 million more
feed entries) and one account with 10,000 followers. Measures, interleaved over rounds:

  me        GET /api/v1/users/me                 the floor: the cheapest authenticated request
  first     GET /api/v1/feed?size=20             the newest page
  deep      GET /api/v1/feed?size=20&cursor=...  a page 50,000 activities down

against, in the same run, pgbench running (a) the very SQL the endpoint runs, (b) the fan-out-on-read
alternative (the followed people's activities merged at read time), and the write side of the choice:
recording one activity of an account with 100 and with 10,000 followers (rolled back).

Usage: bench/social/run.sh [--rounds N] [--duration S]
"""
import argparse
import base64
import json
import shutil
import statistics
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "catalog"))
import bench as common  # noqa: E402  (the catalog benchmark's helpers: database, app, wrk, pgbench)

common.DB = "eventflow_bench_social"
ROOT = common.ROOT
APP = f"http://127.0.0.1:{common.APP_PORT}"


def psql(sql):
    return common.psql(sql, db=common.DB)


def post(path, body, token=None):
    request = urllib.request.Request(APP + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def get(path, token):
    request = urllib.request.Request(APP + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return response.read()


def fill(reader):
    print("== Loading 1,000 followed users, 100,000 activities, 2.1 M feed entries", flush=True)
    psql(f"""
    CREATE FUNCTION pg_temp.v7(ms bigint, n bigint) RETURNS uuid LANGUAGE sql AS $$
      SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 1, 3) || '-8' || substr(r, 4, 3) || '-'
              || substr(r, 7, 12))::uuid
      FROM (SELECT lpad(to_hex(ms), 12, '0') AS h, lpad(to_hex(n), 18, '0') AS r) x $$;
    CREATE TEMP TABLE people AS
      SELECT g, pg_temp.v7(1700000000000 + g, g) AS id FROM generate_series(1, 1000) g;
    INSERT INTO users (id, username, username_key, email, password_hash, role, created_at, updated_at, version)
      SELECT id, 'person' || g, 'person' || g, 'person' || g || '@example.com', 'x', 'organizer', now(), now(), 0 FROM people;
    INSERT INTO follows (follower_id, followee_id, created_at) SELECT '{reader}', id, now() FROM people;
    INSERT INTO activities (id, dedup_key, type, actor_id, event_id, event_title, subject_user_id, photo_id, occurred_at)
      SELECT pg_temp.v7(1750000000000 + n * 10, n), 'bench:' || n,
             (ARRAY['event_created', 'rsvp', 'photo_uploaded'])[1 + n % 3], p.id, gen_random_uuid(), 'Event #' || n,
             NULL, CASE WHEN n % 3 = 2 THEN gen_random_uuid() END, now() - make_interval(secs => 100000 - n)
      FROM generate_series(1, 100000) n JOIN people p ON p.g = 1 + n % 1000;
    INSERT INTO feed_entries (owner_id, activity_id, actor_id) SELECT '{reader}', id, actor_id FROM activities;
    CREATE TEMP TABLE readers AS SELECT g, gen_random_uuid() AS id FROM generate_series(1, 200) g;
    INSERT INTO follows (follower_id, followee_id, created_at)
      SELECT r.id, p.id, now() FROM readers r JOIN people p ON (p.g + r.g) % 10 = 0;
    INSERT INTO feed_entries (owner_id, activity_id, actor_id)
      SELECT f.follower_id, a.id, a.actor_id FROM follows f JOIN activities a ON a.actor_id = f.followee_id
      WHERE f.follower_id <> '{reader}';
    INSERT INTO follows (follower_id, followee_id, created_at)
      SELECT gen_random_uuid(), '00000000-0000-7000-8000-00000000ce1e', now() FROM generate_series(1, 10000);
    INSERT INTO follows (follower_id, followee_id, created_at)
      SELECT gen_random_uuid(), '00000000-0000-7000-8000-0000000000a1', now() FROM generate_series(1, 100);
    """)
    for table in ("follows", "activities", "feed_entries"):
        psql(f"VACUUM ANALYZE {table}")
    print("   " + psql("SELECT (SELECT count(*) FROM activities) || ' activities, ' || (SELECT count(*) FROM feed_entries)"
                               " || ' feed entries, ' || (SELECT count(*) FROM follows) || ' follows, feed_entries '"
                               " || pg_size_pretty(pg_total_relation_size('feed_entries')) || ' with indexes'"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--jar", default=None)
    args = parser.parse_args()

    jar = args.jar or str(next((ROOT / "target").glob("eventflow-*.jar")))
    java = common.find_jdk()
    print(f"== Fresh database {common.DB}", flush=True)
    common.sh(common.PG + ["-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {common.DB} WITH (FORCE)"])
    common.sh(common.PG + ["-d", "postgres", "-c", f"CREATE DATABASE {common.DB}"])
    print("== Starting EventFlow (creates the schema)", flush=True)
    app = common.App(java, jar)
    work = Path(tempfile.mkdtemp(prefix="eventflow-bench-social-"))
    try:
        registered = post("/api/v1/auth/register", {"username": "reader", "email": "reader@example.com",
                                                    "password": "reader-password-1"})
        reader, token = registered["user"]["id"], registered["access_token"]
        fill(reader)
        first = json.loads(get("/api/v1/feed?size=20", token))
        assert len(first["items"]) == 20, first
        cursor = psql(f"SELECT activity_id FROM feed_entries WHERE owner_id = '{reader}' "
                             "ORDER BY activity_id DESC OFFSET 50000 LIMIT 1")
        deep_cursor = base64.urlsafe_b64encode(uuid.UUID(cursor).bytes).decode().rstrip("=")
        deep = json.loads(get(f"/api/v1/feed?size=20&cursor={deep_cursor}", token))
        assert len(deep["items"]) == 20 and deep["items"][0]["id"] < cursor, deep
        endpoint = ("SELECT a.* FROM (SELECT activity_id FROM feed_entries WHERE owner_id = '{r}'{c} ORDER BY activity_id DESC "
                    "LIMIT 21) f JOIN activities a ON a.id = f.activity_id ORDER BY a.id DESC;")
        scenarios = {
            # the floor: the cheapest authenticated endpoint (token check and revocation lookup, one row by key)
            "me": ("/api/v1/users/me", f"SELECT * FROM users WHERE id = '{reader}' AND deleted_at IS NULL;"),
            "first": (f"/api/v1/feed?size=20", endpoint.format(r=reader, c="")),
            "deep": (f"/api/v1/feed?size=20&cursor={deep_cursor}",
                     endpoint.format(r=reader, c=f" AND activity_id < '{cursor}'")),
        }
        on_read = (f"SELECT a.* FROM activities a WHERE a.actor_id IN (SELECT followee_id FROM follows WHERE follower_id = "
                   f"'{reader}') OR a.actor_id = '{reader}' ORDER BY a.id DESC LIMIT 21;")
        write = ("BEGIN;\nINSERT INTO activities (id, dedup_key, type, actor_id, occurred_at) VALUES "
                 "('{id}', 'w:{id}', 'event_created', '{actor}', now());\n"
                 "INSERT INTO feed_entries (owner_id, activity_id, actor_id) SELECT follower_id, '{id}', '{actor}' "
                 "FROM follows WHERE followee_id = '{actor}' FOR SHARE;\nROLLBACK;\n")
        (work / "on_read.sql").write_text(on_read + "\n")
        (work / "write100.sql").write_text(write.format(id="00000000-0000-7000-8000-0000000000a2",
                                                        actor="00000000-0000-7000-8000-0000000000a1"))
        (work / "write10k.sql").write_text(write.format(id="00000000-0000-7000-8000-00000000ce1f",
                                                        actor="00000000-0000-7000-8000-00000000ce1e"))
        for name, (_, sql) in scenarios.items():
            (work / f"{name}.sql").write_text(sql + "\n")
        auth = ("Authorization: Bearer " + token,)

        print(f"== Warm-up {args.warmup} s (discarded)", flush=True)
        for name, (path, _) in scenarios.items():
            common.wrk(APP + path, max(2, args.warmup // len(scenarios)), headers=auth)

        keys = ("rps", "p50", "p99", "pgbench")
        results = {name: {k: [] for k in keys} for name in scenarios}
        others = {k: [] for k in ("on_read", "write100", "write10k")}
        for round_no in range(1, args.rounds + 1):
            print(f"== Round {round_no}/{args.rounds}", flush=True)
            for name, (path, _) in scenarios.items():
                r = results[name]
                rps, p50, p99 = common.wrk(APP + path, args.duration, headers=auth)
                r["rps"].append(rps), r["p50"].append(p50), r["p99"].append(p99)
                r["pgbench"].append(common.pgbench(str(work / f"{name}.sql"), args.duration))
                print(f"   {name:6} app {rps:7.0f} req/s p50 {p50:5.1f} ms p99 {p99:6.1f} ms | pgbench same SQL "
                      f"{r['pgbench'][-1]:7.0f} tps", flush=True)
            for name in others:
                others[name].append(common.pgbench(str(work / f"{name}.sql"), args.duration))
            # the rolled-back writes leave dead index entries that would slow the next round's planning and scans
            for table in ("activities", "feed_entries"):
                psql(f"VACUUM {table}")
            print(f"   fan-out on read {others['on_read'][-1]:7.0f} tps | record with 100 followers "
                  f"{others['write100'][-1]:7.0f} tps, with 10,000 {others['write10k'][-1]:5.0f} tps", flush=True)

        med = statistics.median
        print(f"\n== Results: medians of {args.rounds} rounds, {args.duration} s each, 32 connections")
        print(f"{'page':8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'pgbench':>10}{'ratio':>8}")
        for name, r in results.items():
            print(f"{name:8}{med(r['rps']):9.0f}{med(r['p50']):9.2f}{med(r['p99']):9.2f}{med(r['pgbench']):10.0f}"
                  f"{med(r['rps']) / med(r['pgbench']):8.0%}")
        floor = med(results["me"]["rps"])
        print(f"feed pages against the authenticated floor (GET /api/v1/users/me): first "
              f"{med(results['first']['rps']) / floor:.0%}, deep {med(results['deep']['rps']) / floor:.0%}")
        print(f"reference: fan-out on read (same first page merged at read time) {med(others['on_read']):.0f} tps "
              f"= {med(others['on_read']) / med(results['first']['pgbench']):.1%} of the fan-out-on-write query")
        print(f"write cost of fan-out on write: one activity to 100 followers {med(others['write100']):.0f} tps, "
              f"to 10,000 followers {med(others['write10k']):.0f} tps ({1000 / med(others['write10k']):.1f} ms each)")
        print("\n== Query plans")
        for label, sql in (("endpoint, first page", scenarios["first"][1]), ("endpoint, deep page", scenarios["deep"][1]),
                           ("fan-out on read", on_read)):
            print(f"-- {label}")
            print(psql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql.rstrip(";")))
    finally:
        app.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
