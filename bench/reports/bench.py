#!/usr/bin/env python3
"""How long "the button" takes for the provincial streaming report, against pandas.

Called by run.sh with a running `huongnghiep serve` on the demo database. It signs in through
the web form as the province officer, times the report downloads the dashboard offers (median
of RUNS after one warm-up, all measurements interleaved round by round so that the shared
machine's load falls on all of them alike), times the comparator an office would otherwise use
(pandas over the same SQLite file, writing XLSX with openpyxl) in two variants, checks that the
comparator's per-commune figures equal the product's CSV, times the CLI's stages as a diagnostic,
prints a table and, with --results, adds a dated section to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import requests

# The report under test: unit 80 in the tree of 14/12/2025 is the merged Tỉnh Tây Ninh.
YEAR = 2025
UNIT = "80"
NEW_PROVINCE_FROM = "2025-07-01"
USERNAME = "so.gddt"  # the demo's province officer (crates/cli/src/demo/users.rs)
PASSWORD = "demo-" + USERNAME

DOWNLOADS = [
    # key, what, path, magic bytes of a good answer
    ("xlsx", "streaming.xlsx, Tây Ninh 2025, all communes",
     f"/don-vi/{UNIT}/bao-cao/streaming.xlsx?nam=2025&ngay=14/12/2025", b"PK"),
    ("pdf", "streaming.pdf, Tây Ninh 2025, all communes",
     f"/don-vi/{UNIT}/bao-cao/streaming.pdf?nam=2025&ngay=14/12/2025", b"%PDF"),
    ("csv", "streaming.csv, Tây Ninh 2025, all communes",
     f"/don-vi/{UNIT}/bao-cao/streaming.csv?nam=2025&ngay=14/12/2025", "\ufeff".encode()),
    ("xlsx2023", "streaming.xlsx, Long An 2023, 15 districts",
     f"/don-vi/{UNIT}/bao-cao/streaming.xlsx?nam=2023", b"PK"),
]

# analytics::reports::streaming::destination_groups(Level::Thcs), with the codes of
# domain::Destination::code. The engine counts a code it does not know as "unknown".
GROUPS = [
    ("THPT", ["thpt_public", "thpt_private"]),
    ("GDTX cấp THPT", ["gdtx"]),
    ("Giáo dục nghề nghiệp", ["gdtx_vocational", "elementary", "intermediate", "college"]),
    ("Đi làm, nghĩa vụ", ["working", "working_abroad", "military"]),
    ("Không tiếp tục học", ["not_continuing"]),
    ("Chưa rõ", ["unknown"]),
]
GROUP_OF = {code: group for group, codes in GROUPS for code in codes}
# domain::text::strip_unit_type
UNIT_TYPES = ["Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Quận ", "Phường ", "Xã ", "Tỉnh ",
              "Đặc khu "]
# SuccessionKind::carries_figures: every kind but "part" (crates/domain/src/unit.rs).
CARRYING = ("whole", "part-default")
NAME_COLUMN = "Xã, phường, đặc khu"
TOTAL_COLUMN = "Số HS tốt nghiệp"


def strip_unit_type(name: str) -> str:
    for prefix in UNIT_TYPES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


# ---------------------------------------------------------------- the comparator (pandas)

def _table(counts: pd.DataFrame) -> pd.DataFrame:
    """The report's table from counts indexed by commune name with one column per group:
    STT, commune, graduates, then count and rate per group, and the total row."""
    counts = counts.reindex(columns=[g for g, _ in GROUPS], fill_value=0).astype("int64")
    counts = counts.sort_index()
    counts.loc["Tổng cộng"] = counts.sum()
    total = counts.sum(axis=1)
    out = pd.DataFrame({NAME_COLUMN: counts.index, TOTAL_COLUMN: total.to_numpy()})
    for group, _ in GROUPS:
        out[f"{group} - Số HS"] = counts[group].to_numpy()
        out[f"{group} - Tỷ lệ %"] = (counts[group] * 100 / total).round(2).to_numpy()
    out.insert(0, "STT", list(range(1, len(out))) + [""])
    return out


def _province_id(con: sqlite3.Connection) -> int:
    return con.execute(
        "select id from admin_unit where code = ? and level = 'province' and valid_from = ?",
        (UNIT, NEW_PROVINCE_FROM),
    ).fetchone()[0]


def comparator_pandas(db: str, xlsx: Path) -> pd.DataFrame:
    """(i) pandas does the work: read the rows it needs, join, group, pivot, write XLSX."""
    con = sqlite3.connect(db)
    graduates = pd.read_sql_query(
        "select school_code, destination from graduate where year = ? and level = 'thcs'",
        con, params=(YEAR,))
    schools = pd.read_sql_query("select code as school_code, commune_unit_id from institution", con)
    successions = pd.read_sql_query("select old_unit_id, new_unit_id, kind from unit_succession", con)
    units = pd.read_sql_query("select id, code, level, name, parent_id, valid_from from admin_unit", con)
    con.close()
    province = units[(units.code == UNIT) & (units.level == "province")
                     & (units.valid_from == NEW_PROVINCE_FROM)].id.item()
    communes = units.loc[units.parent_id == province, ["id", "name"]].rename(
        columns={"id": "new_unit_id"})
    carrying = successions[successions.kind.isin(CARRYING)]
    rows = (graduates.merge(schools, on="school_code")
            .merge(carrying, left_on="commune_unit_id", right_on="old_unit_id")
            .merge(communes, on="new_unit_id"))
    rows["commune"] = rows["name"].map(strip_unit_type)
    rows["group"] = rows["destination"].map(GROUP_OF).fillna("Chưa rõ")
    counts = rows.groupby(["commune", "group"]).size().unstack(fill_value=0)
    table = _table(counts)
    table.to_excel(xlsx, index=False, sheet_name="Phân luồng", engine="openpyxl")
    return table


SQL_GROUPED = f"""
    select c.name as commune, g.destination, count(*) as n
    from graduate g
    join institution i on i.code = g.school_code
    join unit_succession s on s.old_unit_id = i.commune_unit_id
                          and s.kind in ({", ".join(f"'{k}'" for k in CARRYING)})
    join admin_unit c on c.id = s.new_unit_id
    join admin_unit p on p.id = c.parent_id
    where g.year = ? and g.level = 'thcs'
      and p.code = ? and p.level = 'province' and p.valid_from = ?
    group by c.name, g.destination
"""


def comparator_sql(db: str, xlsx: Path) -> pd.DataFrame:
    """(ii) SQLite groups (one GROUP BY over the joins), pandas pivots and writes XLSX."""
    con = sqlite3.connect(db)
    grouped = pd.read_sql_query(SQL_GROUPED, con, params=(YEAR, UNIT, NEW_PROVINCE_FROM))
    con.close()
    grouped["commune"] = grouped["commune"].map(strip_unit_type)
    grouped["group"] = grouped["destination"].map(GROUP_OF).fillna("Chưa rõ")
    counts = grouped.pivot_table(index="commune", columns="group", values="n",
                                 aggfunc="sum", fill_value=0)
    table = _table(counts)
    table.to_excel(xlsx, index=False, sheet_name="Phân luồng", engine="openpyxl")
    return table


def coverage(db: str) -> dict:
    """What the mapping leaves out: THCS graduates of the year in Tây Ninh's old units whose
    school's commune reaches no new commune of the province, and unknown destination codes."""
    con = sqlite3.connect(db)
    province = _province_id(con)
    all_thcs = con.execute(
        "select count(*) from graduate where year = ? and level = 'thcs'", (YEAR,)).fetchone()[0]
    codes = [r[0] for r in con.execute(
        "select distinct destination from graduate where year = ? and level = 'thcs'", (YEAR,))]
    communes = con.execute(
        "select count(*) from admin_unit where parent_id = ?", (province,)).fetchone()[0]
    kinds = dict(con.execute(
        "select kind, count(*) from unit_succession group by kind").fetchall())
    con.close()
    return {
        "province_id": province,
        "thcs_graduates_all_provinces": all_thcs,
        "unknown_codes": sorted(c for c in codes if c not in GROUP_OF),
        "communes_of_province": communes,
        "succession_kinds": kinds,
    }


# ---------------------------------------------------------------- the product (HTTP)

def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/dang-nhap", timeout=30)
    form.raise_for_status()
    match = re.search(r'name="csrf" value="([^"]+)"', form.text)
    if not match or "hn_login_csrf" not in session.cookies:
        sys.exit("bench: no CSRF field or cookie on /dang-nhap")
    answer = session.post(
        f"{base}/dang-nhap",
        data={"csrf": match.group(1), "username": USERNAME, "password": PASSWORD},
        allow_redirects=False, timeout=60)
    if answer.status_code not in (302, 303) or answer.headers.get("location") != "/":
        sys.exit(f"bench: sign-in as {USERNAME} refused ({answer.status_code}): "
                 f"{answer.text[:300]}")
    return session


def fetch(session: requests.Session, base: str, path: str, magic: bytes) -> bytes:
    answer = session.get(base + path, timeout=120, allow_redirects=False)
    body = answer.content
    if answer.status_code != 200 or not body or not body.startswith(magic):
        sys.exit(f"bench: GET {path} answered {answer.status_code}, {len(body)} bytes: "
                 f"{body[:200]!r}")
    return body


def memory(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024  # MB
    return fields


def wait_for(base: str, pid: int, limit: float = 180.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            sys.exit("bench: the server exited; see its log")
        try:
            if requests.get(f"{base}/dang-nhap", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    sys.exit(f"bench: the server did not answer within {limit:.0f} s")


def product_csv_table(body: bytes) -> tuple[dict, dict]:
    """The first table (THCS) of the product's CSV: rows by commune name, and the total row."""
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    start = next(i for i, l in enumerate(lines) if l and l[0].startswith("I. "))
    header = lines[start + 1]
    rows, total = {}, None
    for line in lines[start + 2:]:
        if not line or line == [""]:
            break
        record = dict(zip(header, line))
        if record[NAME_COLUMN] == "Tổng cộng":
            total = record
        else:
            if record[NAME_COLUMN] in rows:
                sys.exit(f"bench: commune name {record[NAME_COLUMN]} twice in the product's CSV")
            rows[record[NAME_COLUMN]] = record
    return rows, total


def compare(product_body: bytes, table: pd.DataFrame) -> tuple[bool, list[str]]:
    rows, total = product_csv_table(product_body)
    ours = {r[NAME_COLUMN]: r for r in table.to_dict("records")}
    our_total = ours.pop("Tổng cộng")
    notes, agree = [], True
    only_product = sorted(set(rows) - set(ours))
    only_ours = sorted(set(ours) - set(rows))
    if only_product or only_ours:
        agree = False
        notes.append(f"communes only in the product: {only_product}; only in pandas: {only_ours}")
    count_columns = [TOTAL_COLUMN] + [f"{g} - Số HS" for g, _ in GROUPS]
    totals_differ, groups_differ = [], []
    for name in sorted(set(rows) & set(ours)):
        if int(rows[name][TOTAL_COLUMN]) != int(ours[name][TOTAL_COLUMN]):
            totals_differ.append(f"{name}: product {rows[name][TOTAL_COLUMN]}, "
                                 f"pandas {ours[name][TOTAL_COLUMN]}")
        for column in count_columns[1:]:
            if int(rows[name][column]) != int(ours[name][column]):
                groups_differ.append(f"{name} / {column}: product {rows[name][column]}, "
                                     f"pandas {ours[name][column]}")
    if totals_differ:
        agree = False
        notes.append(f"{len(totals_differ)} communes differ in “{TOTAL_COLUMN}”: "
                     + "; ".join(totals_differ[:10]))
    if groups_differ:
        agree = False
        notes.append(f"{len(groups_differ)} group counts differ: " + "; ".join(groups_differ[:10]))
    if total is None or int(total[TOTAL_COLUMN]) != int(our_total[TOTAL_COLUMN]):
        agree = False
        notes.append(f"total row: product {total and total[TOTAL_COLUMN]}, "
                     f"pandas {our_total[TOTAL_COLUMN]} (the product's total is the province's "
                     "own figure, carried from the old provinces, not the sum of its rows)")
    notes.insert(0, f"{len(rows)} communes in the product's CSV, {len(ours)} in pandas'; "
                    f"graduates {total and total[TOTAL_COLUMN]} / {our_total[TOTAL_COLUMN]}; "
                    f"compared per commune: “{TOTAL_COLUMN}” and the 6 groups' counts")
    return agree, notes


# ---------------------------------------------------------------- the CLI's stage split

def cli_stages(binary: str, database: str, out: Path, runs: int) -> dict:
    """`export report streaming` per format: its own "lập báo cáo N ms, nạp số liệu M ms"
    line (build+render, loading the engine), and the process's wall time."""
    found = {}
    for fmt in ("xlsx", "pdf", "csv"):
        build, load, wall = [], [], []
        for _ in range(runs):
            target = out / f"cli-streaming-{UNIT}-{YEAR}.{fmt}"
            started = time.perf_counter()
            done = subprocess.run(
                [binary, "--database", database, "export", "report", "streaming", "--unit", UNIT,
                 "--year", str(YEAR), "--date", "15/12/2025", "--format", fmt,
                 "--output", str(target)],
                capture_output=True, text=True)
            wall.append((time.perf_counter() - started) * 1000)
            # Since the figures live in the database there is nothing to load: no "nạp số liệu".
            match = re.search(r"lập báo cáo (\d+) ms(?:, nạp số liệu (\d+) ms)?", done.stdout)
            if done.returncode != 0 or not match:
                sys.exit(f"bench: the CLI export failed: {done.stdout}{done.stderr}")
            build.append(int(match.group(1)))
            load.append(int(match.group(2) or 0))
        found[fmt] = {"build_render": statistics.median(build), "load": statistics.median(load),
                      "wall": statistics.median(wall), "runs_build": build, "runs_load": load}
    return found


# The grouped query over every graduate record that `figures check` and `figures rebuild` run
# (crates/store/src/tally_queries.rs; the server ran it at start before the figures were kept).
ENGINE_QUERY = ("select school_code, year, level, destination, gender, ethnicity, count(*) as count "
                "from graduate group by school_code, year, level, destination, gender, ethnicity")


def engine_query(db: str, runs: int) -> tuple[float, int, str]:
    """The engine's grouped query alone, in SQLite through Python: median ms, rows, plan."""
    con = sqlite3.connect(db)
    plan = "; ".join(r[3] for r in con.execute("explain query plan " + ENGINE_QUERY))
    spent, count = [], 0
    for _ in range(runs):
        clock = time.perf_counter()
        count = len(con.execute(ENGINE_QUERY).fetchall())
        spent.append((time.perf_counter() - clock) * 1000)
    con.close()
    return statistics.median(spent), count, plan


# ---------------------------------------------------------------- the run

def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 / 1024),
            "kernel": platform.release()}


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def command(args: list[str], cwd: str | None = None) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, cwd=cwd).stdout.strip()
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database", required=True, help="the SQLite file")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--pid", type=int, required=True, help="the server's process id")
    parser.add_argument("--serve-log", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--results")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[2]
    database_url = f"sqlite://{args.database}"

    load_before = loadavg()
    started_at = dt.datetime.now()
    wait_for(args.base_url, args.pid)
    serve_log = Path(args.serve_log).read_text()
    engine_ms = re.search(r"Đã tính sẵn số liệu tổng hợp \((\d+) ms\)", serve_log)
    session = sign_in(args.base_url)
    rss_before = memory(args.pid)

    # Every measurement, one warm-up each, then RUNS rounds of all of them.
    measures = {key: (lambda p=path, m=magic: fetch(session, args.base_url, p, m))
                for key, _, path, magic in DOWNLOADS}
    measures["pandas"] = lambda: comparator_pandas(args.database, out / "pandas-groupby.xlsx")
    measures["sql"] = lambda: comparator_sql(args.database, out / "sqlite-groupby.xlsx")
    last, times, first, rss_after_first = {}, {key: [] for key in measures}, {}, {}
    print(f"== warm-up, then {args.runs} rounds of {len(measures)} measurements", flush=True)
    for key, run in measures.items():
        clock = time.perf_counter()
        last[key] = run()
        first[key] = (time.perf_counter() - clock) * 1000
        rss_after_first[key] = memory(args.pid)["VmRSS"]
    for round_ in range(args.runs):
        for key, run in measures.items():
            clock = time.perf_counter()
            last[key] = run()
            times[key].append((time.perf_counter() - clock) * 1000)
        print(f"   round {round_ + 1}: "
              + ", ".join(f"{k} {v[-1]:.0f}" for k, v in times.items()) + " ms", flush=True)
    rss_after = memory(args.pid)
    load_after = loadavg()

    for key, _, _, _ in DOWNLOADS:
        suffix = "xlsx" if key.startswith("xlsx") else key
        (out / f"huongnghiep-{key}.{suffix}").write_bytes(last[key])
    agree, notes = compare(last["csv"], last["pandas"])
    agree_sql, notes_sql = compare(last["csv"], last["sql"])
    reach = coverage(args.database)
    workbook = openpyxl.load_workbook(io.BytesIO(last["xlsx"]), read_only=True)
    sheet_rows = sum(ws.max_row or 0 for ws in workbook.worksheets)

    print("== the CLI's own stage split (export report streaming, 2025, unit 80)", flush=True)
    stages = cli_stages(args.binary, database_url, out, args.cli_runs)
    query_ms, query_rows, query_plan = engine_query(args.database, args.cli_runs)

    # Python start-up as an office would pay it once: a fresh interpreter importing pandas.
    clock = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pandas, openpyxl, sqlite3"], check=True)
    python_start_ms = (time.perf_counter() - clock) * 1000

    median = {k: statistics.median(v) for k, v in times.items()}
    base = median["xlsx"]
    rows = [(f"Huongnghiep `serve`, GET {what.split(',')[0]}", what.split(", ", 1)[1], key)
            for key, what, _, _ in DOWNLOADS]
    rows += [
        ("pandas + openpyxl (i)",
         "read THCS 2025 rows + schools/units/successions, merge, groupby, to_excel", "pandas"),
        ("SQLite GROUP BY + pandas (ii)",
         "one GROUP BY over the joins, pivot_table, to_excel", "sql"),
    ]
    sizes = {k: len(last[k]) for k, *_ in DOWNLOADS}
    sizes["pandas"] = (out / "pandas-groupby.xlsx").stat().st_size
    sizes["sql"] = (out / "sqlite-groupby.xlsx").stat().st_size

    header = ("| Tool | What | Median ms | Ratio to Huongnghiep XLSX | Runs (ms) "
              "| First run (warm-up) ms | Output KB |\n"
              "| --- | --- | ---: | ---: | --- | ---: | ---: |")
    lines = [header]
    for tool, what, key in rows:
        runs = ", ".join(f"{t:.0f}" for t in times[key])
        lines.append(f"| {tool} | {what} | {median[key]:,.0f} | {median[key] / base:.2f} | "
                     f"{runs} | {first[key]:,.0f} | {sizes[key] / 1024:,.0f} |")
    table = "\n".join(lines)

    graduates = int(last["pandas"].iloc[-1][TOTAL_COLUMN])
    communes = len(last["pandas"]) - 1
    slowest = max((median[k], k) for k, *_ in DOWNLOADS)
    aim = (f"- Aim, “the provincial streaming report (all communes) under a second”: XLSX "
           f"{median['xlsx']:,.0f} ms, PDF {median['pdf']:,.0f} ms, CSV {median['csv']:,.0f} ms "
           f"(median, request to last byte) — "
           + ("**met** for every format." if slowest[0] < 1000 else
              f"**not met** by {slowest[1]} ({slowest[0]:,.0f} ms)."))
    agreement = (
        "- Comparator against the product's CSV: "
        + ("**agrees**" if agree and agree_sql else "**disagrees**")
        + f" — pandas (i): {'; '.join(notes)}. SQL (ii): "
        + ("the same" if agree_sql and notes_sql[0] == notes[0] else "; ".join(notes_sql)) + ".")
    memory_line = (
        f"- Server memory (VmRSS): {rss_before['VmRSS']:.0f} MB after sign-in, "
        f"after the first download of each "
        + ", ".join(f"{k} {rss_after_first[k]:.0f} MB" for k, *_ in DOWNLOADS)
        + f"; {rss_after['VmRSS']:.0f} MB after all {1 + args.runs} × {len(DOWNLOADS)} downloads; "
        f"peak (VmHWM) {rss_after['VmHWM']:.0f} MB. Figures preloaded at start in "
        f"{engine_ms.group(1) if engine_ms else '?'} ms.")
    stage_lines = "\n".join(
        f"| {fmt} | {s['build_render']:.0f} | {s['load']:.0f} | {s['wall']:.0f} |"
        for fmt, s in stages.items())
    stage_table = ("| Format | build + render ms | loading the figures ms | process wall ms |\n"
                   "| --- | ---: | ---: | ---: |\n" + stage_lines)
    walls = [s["wall"] for s in stages.values()]
    loads = [s["load"] for s in stages.values()]
    stage_verdict = (
        f"The CLI takes {min(walls):,.0f}–{max(walls):,.0f} ms a report from process start to "
        f"exit, {'over' if max(walls) >= 1000 else 'under'} a second: loading the figures "
        f"(`Engine::load`, one grouped query over all graduate records plus the tree) takes "
        f"{min(loads):,.0f}–{max(loads):,.0f} ms of it; the report itself (build + render) "
        f"{stages['csv']['build_render']:.0f} ms as CSV, {stages['xlsx']['build_render']:.0f} ms as "
        f"XLSX, {stages['pdf']['build_render']:.0f} ms as PDF in a fresh process (the server's "
        f"warm PDF: {median['pdf']:.0f} ms including HTTP). The loading is mostly the "
        f"engine's one grouped query over the graduate records: alone, in SQLite through "
        f"Python's sqlite3, {query_ms:,.0f} ms for {query_rows:,} groups (plan: {query_plan}). "
        f"The server pays it once at start, not per report.")
    coverage_line = (
        f"- Mapping check: {reach['communes_of_province']} communes under the new province "
        f"(id {reach['province_id']}), {communes} of them with THCS graduates of {YEAR}; "
        f"{graduates:,} THCS graduates of {YEAR} in them (all provinces: "
        f"{reach['thcs_graduates_all_provinces']:,}); succession kinds in the database "
        f"{reach['succession_kinds']}; destination codes outside the groups: "
        f"{reach['unknown_codes'] or 'none'}. The product's XLSX has {sheet_rows} sheet rows.")

    print()
    print(table)
    print()
    print(aim)
    print(agreement)
    print(memory_line)
    print(coverage_line)
    print()
    print("CLI `huongnghiep export report streaming --unit 80 --year 2025` (median of "
          f"{args.cli_runs}; it loads the figures itself, the server has them in memory):")
    print(stage_table)
    print(stage_verdict)
    print(f"\nA fresh Python importing pandas+openpyxl: {python_start_ms:,.0f} ms "
          "(not in the comparator's times).")
    print(f"Load average {load_before} before, {load_after} after.")

    if not args.results:
        return
    m = machine()
    rev = command(["git", "rev-parse", "--short", "HEAD"], cwd=str(root))
    dirty = command(["git", "status", "--porcelain", "--untracked-files=no"], cwd=str(root))
    binary_time = dt.datetime.fromtimestamp(Path(args.binary).stat().st_mtime)
    section = f"""## Reports (bench/reports) — {started_at:%Y-%m-%d %H:%M}, the provincial streaming report, all communes

Machine: {m['nproc']} cores (`nproc` = {m['nproc']}, shared with other builds), {m['cpu']}, {m['ram_gib']} GiB RAM,
Linux {m['kernel']}; load average {load_before} before, {load_after} after.
Build: `cargo build --release -p huongnghiep-cli`, binary of {binary_time:%Y-%m-%d %H:%M} (the work tree is now at {rev}{' + uncommitted changes' if dirty else ''}), {command(['rustc', '--version'])}.
Python {platform.python_version()}: pandas {pd.__version__}, openpyxl {openpyxl.__version__}, requests {requests.__version__}.
Data: `huongnghiep demo` (seed 1) in SQLite. Server: `huongnghiep serve` on it, signed in through
the form as `{USERNAME}` (province officer); each download timed by the client from request to
last byte; the comparator in an already started Python (imports excluded; a fresh interpreter
importing pandas and openpyxl takes {python_start_ms:,.0f} ms more), reading the same SQLite file
and writing its XLSX to disk. Median of {args.runs} after 1 warm-up, all six measurements
interleaved round by round; "first run" is the warm-up, the first request of each kind after the
server started (not in the median). The comparator builds less: the THCS table only (counts and rates per
group), no targets, THPT table, chart, letterhead or PDF.

{table}

{aim}
{agreement}
{memory_line}
{coverage_line}

Where the time goes (the CLI, `huongnghiep export report streaming --unit 80 --year 2025 --date
15/12/2025 --format F`, median of {args.cli_runs}; "build + render" is the report from figures
already in memory plus the file, what a server request does besides HTTP):

{stage_table}

{stage_verdict}

"""
    results = Path(args.results)
    text = results.read_text()
    at = text.find("\n## ")
    text = text + "\n" + section if at < 0 else text[:at + 1] + section + text[at + 1:]
    results.write_text(text)
    print(f"\nAdded a section to {results}.")


if __name__ == "__main__":
    main()
