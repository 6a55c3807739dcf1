#!/usr/bin/env python3
"""Catalog benchmark: EventFlow's event endpoints against references measured in the same run.

Loads 100,000 events into a PostgreSQL database of its own, starts EventFlow on it, warms the JIT up
(30 s, discarded), then measures five endpoints on loopback, interleaving them with their references:

  by_id         GET /api/v1/events/{id}
  compat_by_id  GET /events/get?id={number} on the compatibility port (seed 000's API; the same event)
  q             GET /api/v1/events?q=...              (trigram text search)
  near          GET /api/v1/events?near=...&radius_km= (bounding box + great-circle distance)
  filtered      GET /api/v1/events?category=&from=&to=&sort=-popularity

For each: maximum throughput (wrk), p99 latency at a fixed rate of half that maximum (wrk with a
per-connection delay), nginx serving a static file of the same size, and pgbench running the same SQL
the endpoint runs. Runs are interleaved over several rounds and medians reported, since a 2-core
machine is noisy. compat_by_id runs next to by_id in every round, and the report prints the ratio of
their throughputs (target: the adapter costs at most 10 %). Query plans are printed at the end.

Usage: bench/catalog/run.sh [--rounds N] [--duration S] [--events N]
Only the Python standard library is used; wrk, nginx and pgbench come from Debian packages.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = "eventflow_bench"
APP_PORT = 18080
NGINX_PORT = 18081
COMPAT_PORT = 18000  # eventflow.compat.port: the old APIs' port (8000 by default)
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def psql(sql, db=DB):
    return sh(PG + ["-d", db, "-At", "-c", sql]).strip()


def find_jdk():
    for java in sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True):
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) >= 21:
            return str(java)
    sys.exit("No JDK >= 21 under /usr/lib/jvm")


def load_events(count):
    print(f"== Loading {count} events into database {DB}", flush=True)
    sh(PG + ["-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"])
    sh(PG + ["-d", "postgres", "-c", f"CREATE DATABASE {DB}"])


def fill(count):
    # DB is read at call time, so a benchmark importing this module may point it at a database of its own.
    # Realistic spread: 48 cities with ~15 km of jitter, 12 categories, a year of dates, a vocabulary
    # where two-word searches match a few hundred events (as a real catalog would).
    psql(db=DB, sql=f"""
    WITH cities(n, city, lat, lon) AS (VALUES
      (0,'Tel Aviv',32.08,34.78),(1,'Jerusalem',31.77,35.21),(2,'Haifa',32.79,34.99),(3,'Berlin',52.52,13.40),
      (4,'London',51.51,-0.13),(5,'Paris',48.86,2.35),(6,'Madrid',40.42,-3.70),(7,'Rome',41.90,12.50),
      (8,'Vienna',48.21,16.37),(9,'Prague',50.08,14.44),(10,'Warsaw',52.23,21.01),(11,'Amsterdam',52.37,4.90),
      (12,'Brussels',50.85,4.35),(13,'Lisbon',38.72,-9.14),(14,'Dublin',53.35,-6.26),(15,'Oslo',59.91,10.75),
      (16,'Stockholm',59.33,18.07),(17,'Helsinki',60.17,24.94),(18,'Athens',37.98,23.73),(19,'Istanbul',41.01,28.98),
      (20,'New York',40.71,-74.01),(21,'Boston',42.36,-71.06),(22,'Chicago',41.88,-87.63),(23,'Austin',30.27,-97.74),
      (24,'Denver',39.74,-104.99),(25,'Seattle',47.61,-122.33),(26,'San Francisco',37.77,-122.42),(27,'Los Angeles',34.05,-118.24),
      (28,'Toronto',43.65,-79.38),(29,'Montreal',45.50,-73.57),(30,'Mexico City',19.43,-99.13),(31,'Sao Paulo',-23.55,-46.63),
      (32,'Buenos Aires',-34.60,-58.38),(33,'Santiago',-33.45,-70.67),(34,'Lima',-12.05,-77.04),(35,'Bogota',4.71,-74.07),
      (36,'Tokyo',35.68,139.69),(37,'Osaka',34.69,135.50),(38,'Seoul',37.57,126.98),(39,'Singapore',1.35,103.82),
      (40,'Bangkok',13.76,100.50),(41,'Sydney',-33.87,151.21),(42,'Melbourne',-37.81,144.96),(43,'Auckland',-36.85,174.76),
      (44,'Cape Town',-33.92,18.42),(45,'Nairobi',-1.29,36.82),(46,'Dubai',25.20,55.27),(47,'Mumbai',19.08,72.88)),
    adjectives(n, w) AS (SELECT ordinality - 1, w FROM unnest(ARRAY['annual','summer','winter','spring','autumn',
      'open','global','local','modern','classic','indie','urban','digital','creative','future','green','late-night',
      'weekend','family','community','grand','little','secret','rooftop','underground','international','regional',
      'experimental','acoustic','electric']) WITH ORDINALITY AS t(w)),
    nouns(n, w, category) AS (SELECT ordinality - 1, w, c FROM unnest(
      ARRAY['jazz festival','rust workshop','java conference','startup meetup','design sprint','film screening',
            'poetry reading','wine tasting','chess tournament','yoga retreat','hackathon','book fair','art exhibition',
            'food market','comedy night','science talk','photography walk','salsa class','choir concert','robotics fair'],
      ARRAY['concert','workshop','tech-conference','meetup','workshop','film','literature','food','games','wellness',
            'hackathon','literature','art','food','comedy','talk','outdoors','dance','concert','tech-conference'])
      WITH ORDINALITY AS t(w, c)),
    rows AS (
      SELECT g,
             (SELECT w FROM adjectives WHERE n = g % 30) AS adjective,
             (SELECT w FROM nouns WHERE n = (g / 30) % 20) AS noun,
             (SELECT category FROM nouns WHERE n = (g / 30) % 20) AS category,
             c.city, c.lat, c.lon,
             now() + make_interval(hours => (g * 7919) % (24 * 365)) AS start_time
      FROM generate_series(1, {count}) AS g
      JOIN cities c ON c.n = (g * 31) % 48)
    INSERT INTO events (id, title, description, category, start_time, end_time, timezone, location, latitude, longitude,
                        geofence_radius_m, capacity, price, currency, organizer_id, status, popularity, seats_taken,
                        search_text, created_at, updated_at, version)
    SELECT gen_random_uuid(),
           initcap(adjective || ' ' || noun) || ' #' || g,
           'Join us for the ' || adjective || ' ' || noun || ' in ' || city || '. Talks, people and a good time.',
           category, start_time, start_time + interval '3 hours', 'UTC',
           'Venue ' || (g % 97) || ', ' || city,
           lat + ((g * 13) % 300 - 150) / 1000.0, lon + ((g * 17) % 300 - 150) / 1000.0,
           200, 50 + (g % 500), CASE WHEN g % 3 = 0 THEN NULL ELSE (g % 200) + 0.99 END,
           CASE WHEN g % 3 = 0 THEN NULL ELSE 'EUR' END,
           gen_random_uuid(), 'scheduled', (g * 7) % 1000, 0,
           lower(initcap(adjective || ' ' || noun) || ' #' || g || ' ' ||
                 'Join us for the ' || adjective || ' ' || noun || ' in ' || city || '. Talks, people and a good time.' || ' ' ||
                 'Venue ' || (g % 97) || ', ' || city),
           now() - make_interval(secs => g), now(), 0
    FROM rows;
    ANALYZE events;
    """)
    print("   " + psql("SELECT count(*) || ' events, ' || pg_size_pretty(pg_total_relation_size('events')) || ' with indexes' FROM events", db=DB))


class App:
    def __init__(self, java, jar, jvm_opts=("-Xms1g", "-Xmx1g"), start_seconds=120):
        log = open(tempfile.gettempdir() + "/eventflow-bench-app.log", "w")
        self.proc = subprocess.Popen([java, *jvm_opts, "-jar", jar,
                                      f"--server.port={APP_PORT}",
                                      f"--eventflow.compat.port={COMPAT_PORT}",
                                      f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{DB}",
                                      "--spring.datasource.username=postgres", "--spring.datasource.password=",
                                      "--eventflow.rate-limit.enabled=false", "--eventflow.demo-data.enabled=false",
                                      "--eventflow.identity.jwt.secret=" + "b" * 48,
                                      "--logging.level.root=WARN"],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(start_seconds):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}/actuator/health/readiness", timeout=1) as r:
                    if r.status == 200:
                        return
            except Exception:
                time.sleep(1)
        self.stop()
        sys.exit("EventFlow did not start; see " + log.name)

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


class Nginx:
    def __init__(self, root):
        self.dir = Path(tempfile.mkdtemp(prefix="eventflow-nginx-"))
        conf = self.dir / "nginx.conf"
        conf.write_text(f"""
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  types {{ application/json json; }}
  server {{ listen 127.0.0.1:{NGINX_PORT}; root {root}; }}
  client_body_temp_path {self.dir}; proxy_temp_path {self.dir}; fastcgi_temp_path {self.dir};
  uwsgi_temp_path {self.dir}; scgi_temp_path {self.dir};
}}""")
        sh(["nginx", "-c", str(conf)])

    def stop(self):
        subprocess.run(["nginx", "-c", str(self.dir / "nginx.conf"), "-s", "stop"], capture_output=True)


def to_ms(value):
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    number, unit = float(m.group(1)), m.group(2)
    return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number


def wrk(url, duration, connections=32, rate=None, lua_dir=None, headers=()):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    for header in headers:
        cmd += ["-H", header]
    if rate:
        script = Path(lua_dir) / f"rate.lua"
        # wrk has no fixed-rate mode; a per-connection pause of connections/rate seconds gives that rate
        # as long as the server keeps up (it does at half its maximum).
        script.write_text(f"function delay() return {connections * 1000.0 / rate:.3f} end\n")
        cmd += ["-s", str(script)]
    out = sh(cmd + [url])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{url}: {errors.group(1)} error responses\n{out}")
    return rps, p50, p99


def pgbench(sql_file, duration):
    out = sh(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-c", "8", "-j", "2", "-T", str(duration),
              "-f", sql_file, DB])
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--jar", default=None)
    args = parser.parse_args()

    jar = args.jar or str(next((ROOT / "target").glob("eventflow-*.jar")))
    java = find_jdk()
    load_events(args.events)
    print("== Starting EventFlow (creates the schema)", flush=True)
    app = App(java, jar)
    nginx = None
    work = Path(tempfile.mkdtemp(prefix="eventflow-bench-"))
    try:
        fill(args.events)
        sample_id = psql("SELECT id FROM events ORDER BY created_at LIMIT 1 OFFSET 5000")
        sample_number = psql(f"SELECT number FROM events WHERE id = '{sample_id}'")
        now = psql("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
        month = psql("SELECT to_char((now() + interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
        scenarios = {
            "by_id": (f"/api/v1/events/{sample_id}",
                      [f"SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e WHERE e.id = '{sample_id}';"]),
            # the same event through seed 000's API on the compatibility port (EventSearch.byNumber's statement)
            "compat_by_id": (f"/events/get?id={sample_number}",
                             [f"SELECT e.*, CAST(NULL AS DOUBLE PRECISION) AS distance_km FROM events e WHERE e.number = {sample_number};"]),
            "q": ("/api/v1/events?q=jazz%20summer",
                  [page_sql("CAST(NULL AS DOUBLE PRECISION)",
                            " WHERE 1 = 1 AND e.search_text LIKE '%jazz%' ESCAPE '\\' AND e.search_text LIKE '%summer%' ESCAPE '\\'",
                            "m.start_time ASC, m.id ASC")]),
            "near": ("/api/v1/events?near=32.08,34.78&radius_km=5", near_sql(32.08, 34.78, 5)),
            "filtered": (f"/api/v1/events?category=concert&from={now}&to={month}&sort=-popularity",
                         [page_sql("CAST(NULL AS DOUBLE PRECISION)",
                                   f" WHERE 1 = 1 AND e.category = 'concert' AND e.start_time >= '{now}' AND e.start_time <= '{month}'",
                                   "m.popularity DESC, m.id ASC")]),
        }
        static_root = work / "static"
        static_root.mkdir()
        os.chmod(work, 0o755)  # nginx workers run unprivileged
        os.chmod(static_root, 0o755)
        for name, (path, statements) in scenarios.items():
            with urllib.request.urlopen(app_url(name, path)) as r:
                body = r.read()
            if not name.endswith("by_id"):
                total = json.loads(body)["total"]
                print(f"   {name}: {path} -> {total} matches, {len(body)} bytes")
            else:
                print(f"   {name}: {path} -> {len(body)} bytes")
            (static_root / f"{name}.json").write_bytes(body)
            (work / f"{name}.sql").write_text("\n".join(statements) + "\n")
        nginx = Nginx(static_root)

        print(f"== Warm-up {args.warmup} s (discarded)", flush=True)
        for name, (path, _) in scenarios.items():
            wrk(app_url(name, path), max(2, args.warmup // len(scenarios)))

        results = {name: {k: [] for k in ("rps", "p50", "p99", "p99_half", "nginx", "pgbench")} for name in scenarios}
        for round_no in range(1, args.rounds + 1):
            print(f"== Round {round_no}/{args.rounds} (load average {os.getloadavg()[0]:.1f})", flush=True)
            order = list(scenarios.items())
            if round_no % 2 == 0:  # by_id and compat_by_id take turns going first, so neither always gets the warmer JIT
                order[0], order[1] = order[1], order[0]
            for name, (path, _) in order:
                r = results[name]
                rps, p50, p99 = wrk(app_url(name, path), args.duration)
                r["rps"].append(rps), r["p50"].append(p50), r["p99"].append(p99)
                r["nginx"].append(wrk(f"http://127.0.0.1:{NGINX_PORT}/{name}.json", args.duration)[0])
                r["pgbench"].append(pgbench(str(work / f"{name}.sql"), args.duration))
                half = max(1.0, statistics.median(r["rps"]) / 2)
                r["p99_half"].append(wrk(app_url(name, path), args.duration, connections=16,
                                         rate=half, lua_dir=work)[2])
                print(f"   {name:12} app {rps:8.0f} req/s p99 {p99:6.1f} ms | nginx {r['nginx'][-1]:8.0f} | "
                      f"pgbench {r['pgbench'][-1]:8.0f} tps | p99 at {half:.0f} req/s {r['p99_half'][-1]:.1f} ms", flush=True)

        report(results, args)
        print("\n== Query plans")
        for name, (_, statements) in scenarios.items():
            print(f"-- {name}: {statements[-1]}")
            print(psql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statements[-1].rstrip(";")))
    finally:
        if nginx:
            nginx.stop()
        app.stop()
        shutil.rmtree(work, ignore_errors=True)


def app_url(name, path):
    """compat_* scenarios go to the compatibility port, where the old APIs' paths are served unprefixed."""
    return f"http://127.0.0.1:{COMPAT_PORT if name.startswith('compat_') else APP_PORT}{path}"


def near_sql(lat, lon, radius):
    import math
    km_per_degree = 6371.0088 * math.pi / 180 * 0.99  # as EventSearch.KM_PER_DEGREE
    d_lat = radius / km_per_degree
    d_lon = radius / (km_per_degree * math.cos(math.radians(abs(lat) + d_lat)))
    distance = (f"(6371.0088 * 2 * ASIN(LEAST(1.0, SQRT(POWER(SIN(RADIANS(e.latitude - {lat}) / 2), 2) + "
                f"COS(RADIANS({lat})) * COS(RADIANS(e.latitude)) * POWER(SIN(RADIANS(e.longitude - {lon}) / 2), 2)))))")
    where = (f" WHERE 1 = 1 AND e.latitude BETWEEN {lat - d_lat} AND {lat + d_lat} "
             f"AND e.longitude BETWEEN {lon - d_lon} AND {lon + d_lon} AND {distance} <= {radius}")
    return [page_sql(distance, where, "m.distance_km ASC, m.id ASC")]


def page_sql(distance, where, order):
    """The statement EventSearch.sqlFor builds: the page and, by a window function, the number of matches."""
    return (f"SELECT m.*, COUNT(*) OVER () AS total_matches FROM (SELECT e.*, {distance} AS distance_km "
            f"FROM events e{where} OFFSET 0 ROWS) m ORDER BY {order} LIMIT 20 OFFSET 0;")


def report(results, args):
    med = statistics.median
    print(f"\n== Results: medians of {args.rounds} interleaved rounds, {args.duration} s each, {args.events} events")
    print(f"{'scenario':13}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p99@half':>10}{'nginx':>9}{'ratio':>8}"
          f"{'pgbench':>9}{'ratio':>8}  targets")
    targets = {"by_id": (0.35, 0.40, None), "compat_by_id": (0.35, 0.40, None), "q": (None, 0.40, 20), "near": (None, 0.40, 20), "filtered": (None, 0.40, 20)}
    for name, r in results.items():
        rps, nginx_rps, pg_tps = med(r["rps"]), med(r["nginx"]), med(r["pgbench"])
        nginx_ratio, pg_ratio, p99_half = rps / nginx_rps, rps / pg_tps, med(r["p99_half"])
        want_nginx, want_pg, want_p99 = targets[name]
        checks = []
        if want_nginx:
            checks.append(f"nginx>={want_nginx:.0%}:{'ok' if nginx_ratio >= want_nginx else 'MISSED'}")
        checks.append(f"pgbench>={want_pg:.0%}:{'ok' if pg_ratio >= want_pg else 'MISSED'}")
        if want_p99:
            checks.append(f"p99<={want_p99}ms:{'ok' if p99_half <= want_p99 else 'MISSED'}")
        print(f"{name:13}{rps:9.0f}{med(r['p50']):9.2f}{med(r['p99']):9.2f}{p99_half:10.2f}{nginx_rps:9.0f}"
              f"{nginx_ratio:8.0%}{pg_tps:9.0f}{pg_ratio:8.0%}  {' '.join(checks)}")
    if "by_id" in results and "compat_by_id" in results:
        # Same event, same rounds: the adapter's cost is the throughput it loses against EventFlow's own route.
        own, compat = results["by_id"], results["compat_by_id"]
        ratio = med(compat["rps"]) / med(own["rps"])
        per_round = ", ".join(f"{c / o:.0%}" for c, o in zip(compat["rps"], own["rps"]))
        print(f"\ncompat_by_id / by_id throughput: {ratio:.0%} (rounds: {per_round}); "
              f"target: the adapter costs at most 10 % (>= 90 %): {'ok' if ratio >= 0.90 else 'MISSED'}")


if __name__ == "__main__":
    main()
