"""The figures of issue 10, measured from outside the product (see run.sh).

For each database (SQLite, PostgreSQL; and, with --old-binary, a SQLite database written and
served by an earlier version): the time `demo` takes to write it, `serve` start-up until its first
answer, resident memory after start and at its peak, `/indicators` of the province and of one
district (median over HTTP, signed in as the province officer), and whether a list imported by
the CLI while the server runs is in the server's next answer. Then the same roll-up by DuckDB
(all rows in memory, GROUP BY ROLLUP) and by PostgreSQL's own GROUP BY, with ratios to the
product's answer.
"""

import argparse
import datetime
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time

import duckdb
import pandas
import psycopg
import requests

PROVINCE = "80"
YEAR = 2025
SCHOOL_ROWS = 30


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def median_ms(call, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def write_demo(binary, url):
    started = time.perf_counter()
    subprocess.run([binary, "--database", url, "demo"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


class Server:
    def __init__(self, binary, url, work):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(work, f"serve-{self.port}.log"), "w")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [binary, "--database", url, "serve", "--addr", f"127.0.0.1:{self.port}"],
            stdout=self.log, stderr=self.log)
        while True:
            try:
                if requests.get(self.base + "/dang-nhap", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None:
                sys.exit(f"serve stopped; see {self.log.name}")
            time.sleep(0.01)
        self.start_ms = (time.perf_counter() - started) * 1000
        self.rss_after_start = memory_mb(self.process.pid, "VmRSS")
        self.session = requests.Session()
        form = self.session.get(self.base + "/dang-nhap")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
        answer = self.session.post(self.base + "/dang-nhap", data={
            "csrf": csrf, "username": "so.gddt", "password": "demo-so.gddt"},
            allow_redirects=False)
        assert answer.status_code == 303, answer.text[:300]

    def get(self, path):
        answer = self.session.get(self.base + path)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        return answer.json()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def school_of(url):
    """A THCS school and the code of its province's first district, read from the database."""
    query = "select code from institution where kind = 'thcs' order by code limit 1"
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://"):]) as db:
            return db.execute(query).fetchone()[0]
    with psycopg.connect(url) as db:
        return db.execute(query).fetchone()[0]


def cli_write_visible(binary, url, server, work):
    """Imports a small list by the CLI while the server runs; is it in the next answer?"""
    path = f"/api/v1/units/{PROVINCE}/streaming?year={YEAR}&level=thcs"
    before = server.get(path)["graduates"]
    school = school_of(url)
    listing = os.path.join(work, "them.csv")
    with open(listing, "w", encoding="utf-8") as out:
        out.write("Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Hướng đi sau tốt nghiệp\n")
        stamp = int(time.time())
        for i in range(SCHOOL_ROWS):
            out.write(f"B{stamp % 100000:05d}{i:04d},Lê Văn Đo{i},01/02/2010,Nam,Trung cấp\n")
    subprocess.run([binary, "--database", url, "import", "students", "--school", school,
                    "--year", str(YEAR), listing], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    written = time.perf_counter()
    after = server.get(path)["graduates"]
    return after - before, (time.perf_counter() - written) * 1000


def measure(label, binary, url, work, runs, write_s):
    server = Server(binary, url, work)
    try:
        streaming = server.get(f"/api/v1/units/{PROVINCE}/streaming?year={YEAR}&level=thcs")
        district = streaming["children"][0]["code"]
        graduates = streaming["graduates"]
        province_ms = median_ms(lambda: server.get(
            f"/api/v1/units/{PROVINCE}/indicators?year={YEAR}&level=thcs"), runs)
        district_ms = median_ms(lambda: server.get(
            f"/api/v1/units/{district}/indicators?year={YEAR}&level=thcs"), runs)
        moved, visible_ms = cli_write_visible(binary, url, server, work)
        row = {
            "label": label, "write_s": write_s, "start_ms": server.start_ms,
            "rss_start": server.rss_after_start,
            "rss_peak": memory_mb(server.process.pid, "VmHWM"),
            "province_ms": province_ms, "district_ms": district_ms, "district": district,
            "graduates": graduates, "moved": moved, "visible_ms": visible_ms,
        }
    finally:
        server.stop()
    return row


def rollup_frames(url):
    graduate = ("select school_code, year, level, destination, gender, ethnicity from graduate")
    containment = "select school_code, unit_id from school_containment"
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://"):]) as db:
            return (pandas.read_sql_query(graduate, db), pandas.read_sql_query(containment, db))
    with psycopg.connect(url) as db:
        g = pandas.DataFrame(db.execute(graduate).fetchall(),
                             columns=["school_code", "year", "level", "destination", "gender",
                                      "ethnicity"])
        c = pandas.DataFrame(db.execute(containment).fetchall(), columns=["school_code", "unit_id"])
        return g, c


def unit_id_of(url, code):
    query = ("select id from admin_unit where code = %s and (valid_to is null or valid_to >= %s)"
             " and (valid_from is null or valid_from <= %s) order by id limit 1")
    day = f"{YEAR}-06-30"
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://"):]) as db:
            return db.execute(query.replace("%s", "?"), (code, day, day)).fetchone()[0]
    with psycopg.connect(url) as db:
        return db.execute(query, (code, datetime.date(YEAR, 6, 30),
                                  datetime.date(YEAR, 6, 30))).fetchone()[0]


def duckdb_rollup(url, runs, unit_id):
    g, c = rollup_frames(url)
    db = duckdb.connect()
    db.register("g", g)
    db.register("c", c)
    whole = ("select c.unit_id, g.year, g.level, g.destination, count(*) from g join c using "
             "(school_code) group by rollup (c.unit_id, g.year, g.level, g.destination)")
    one = ("select g.destination, g.gender, count(*) from g join c using (school_code) "
           f"where c.unit_id = {unit_id} and g.year = {YEAR} and g.level = 'thcs' "
           "group by g.destination, g.gender")
    return (median_ms(lambda: db.execute(whole).fetchall(), max(3, runs // 10)),
            median_ms(lambda: db.execute(one).fetchall(), runs), len(g))


def postgres_group_by(url, runs, unit_id):
    with psycopg.connect(url) as db:
        whole = ("select c.unit_id, g.year, g.level, g.destination, count(*) from graduate g "
                 "join school_containment c on c.school_code = g.school_code "
                 "group by c.unit_id, g.year, g.level, g.destination")
        one = ("select g.destination, g.gender, count(*) from graduate g join school_containment c "
               "on c.school_code = g.school_code where c.unit_id = %s and g.year = %s "
               "and g.level = 'thcs' group by g.destination, g.gender")
        return (median_ms(lambda: db.execute(whole).fetchall(), max(3, runs // 10)),
                median_ms(lambda: db.execute(one, (unit_id, YEAR)).fetchall(), runs))


def fresh_postgres(server, name):
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute(f"drop database if exists {name} with (force)")
        admin.execute(f"create database {name}")
    return f"{server}/{name}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--old-binary")
    parser.add_argument("--work", required=True)
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--results")
    args = parser.parse_args()

    rows = []
    sqlite_path = os.path.join(args.work, "hn.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(sqlite_path + suffix):
            os.remove(sqlite_path + suffix)
    sqlite_url = f"sqlite://{sqlite_path}"
    rows.append(measure("SQLite", args.binary, sqlite_url, args.work, args.runs,
                        write_demo(args.binary, sqlite_url)))
    pg_url = fresh_postgres(args.postgres, "hn_bench_figures")
    rows.append(measure("PostgreSQL", args.binary, pg_url, args.work, args.runs,
                        write_demo(args.binary, pg_url)))
    if args.old_binary:
        old_path = os.path.join(args.work, "hn-old.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(old_path + suffix):
                os.remove(old_path + suffix)
        old_url = f"sqlite://{old_path}"
        rows.append(measure("SQLite, earlier version (figures loaded at start)",
                            args.old_binary, old_url, args.work, args.runs,
                            write_demo(args.old_binary, old_url)))

    province_id = unit_id_of(sqlite_url, PROVINCE)
    duck_whole, duck_one, records = duckdb_rollup(sqlite_url, args.runs, province_id)
    pg_province_id = unit_id_of(pg_url, PROVINCE)
    pg_whole, pg_one = postgres_group_by(pg_url, args.runs, pg_province_id)

    ours = rows[0]["province_ms"]
    lines = [
        f"## Figures (bench/figures) — {datetime.datetime.now():%Y-%m-%d %H:%M}, demo data set "
        f"({records:,} graduate records), province {PROVINCE}, {YEAR}",
        "",
        f"Machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}. Median of {args.runs} "
        "requests over HTTP (signed in as the province officer), after one warm-up.",
        "",
        "| Database | write (demo) s | start-up to first answer ms | RSS after start MB | RSS peak MB "
        "| /indicators province ms | /indicators district ms | CLI write of "
        f"{SCHOOL_ROWS} in next answer |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['write_s']:.1f} | {r['start_ms']:.0f} | {r['rss_start']:.0f} | "
            f"{r['rss_peak']:.0f} | {r['province_ms']:.2f} | {r['district_ms']:.2f} | "
            f"{'yes' if r['moved'] == SCHOOL_ROWS else 'NO'} (+{r['moved']}, "
            f"{r['visible_ms']:.1f} ms after the CLI ended) |")
    lines += [
        "",
        "| The same roll-up elsewhere | ms | ratio to the product's /indicators of the province "
        "(SQLite) |",
        "| --- | ---: | ---: |",
        f"| DuckDB in memory, GROUP BY ROLLUP over every record × containment | {duck_whole:.1f} | "
        f"{duck_whole / ours:.1f}× |",
        f"| DuckDB in memory, the province's cells only | {duck_one:.2f} | {duck_one / ours:.1f}× |",
        f"| PostgreSQL GROUP BY over every record × containment | {pg_whole:.1f} | "
        f"{pg_whole / ours:.1f}× |",
        f"| PostgreSQL GROUP BY, the province's cells only | {pg_one:.2f} | {pg_one / ours:.1f}× |",
        "",
        "The product's /indicators answers 14 indicators for the unit and each subordinate unit, "
        "as JSON over HTTP: one read of the figures' version, and, when it moved, two indexed "
        "reads of the kept tallies and the schools (`Engine::snapshot`); the comparators only "
        "count. With --old-binary, the earlier version is the side-by-side for start-up, memory "
        "and the CLI write.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.results:
        with open(args.results, encoding="utf-8") as f:
            old = f.read()
        head, sep, rest = old.partition("\n## ")
        with open(args.results, "w", encoding="utf-8") as f:
            f.write(head.rstrip("\n") + "\n\n" + text + ("\n## " + rest if sep else ""))


if __name__ == "__main__":
    main()
