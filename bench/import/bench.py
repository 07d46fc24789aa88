#!/usr/bin/env python3
"""The measuring half of run.sh (which installs, builds and makes the file first).

Times `huongnghiep import students` end to end and with --dry-run, each on a fresh SQLite
database holding only the school, and the parse-only baselines (pandas+openpyxl,
python-calamine, polars+fastexcel); takes the median of RUNS runs of each, the peak RSS from
/usr/bin/time -v; prints a Markdown table and adds it as a dated section to bench/RESULTS.md.

    python bench.py --binary target/release/huongnghiep --file out/hocsinh-100k.xlsx \
        --rows 100000 --runs 3 --results ../RESULTS.md
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SCHOOL = "80803999"
YEAR = "2024"
SCHOOLS_CSV = "Mã trường,Tên trường,Loại trường,Mã xã\n80803999,Trường THCS Thử Nghiệm,THCS,27991\n"
# A slow tool is run once when its first run takes longer than this.
SLOW_SECONDS = 20.0
# The aim of the issue: the whole import within twice fastexcel's parse-only time.
AIM_FACTOR = 2.0
AIM_ROWS_PER_SECOND = 80_000


def parse_time_v(text):
    """Wall, user+sys and peak RSS from the report of /usr/bin/time -v."""
    def field(name):
        match = re.search(rf"^\s*{re.escape(name)}: (.+)$", text, re.MULTILINE)
        if not match:
            raise RuntimeError(f"/usr/bin/time -v gave no '{name}':\n{text}")
        return match.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    peak_kb = int(field("Maximum resident set size (kbytes)"))
    return wall, cpu, peak_kb


def timed(argv, cwd=None):
    """Runs argv under /usr/bin/time -v; returns (stdout, wall, cpu, peak_kb)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run(["/usr/bin/time", "-v", "-o", report.name, *argv], cwd=cwd,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n"
                               f"{done.stdout}\n{done.stderr}")
        wall, cpu, peak_kb = parse_time_v(Path(report.name).read_text())
    return done.stdout, wall, cpu, peak_kb


def fresh_database(binary, work):
    """A new SQLite database with the reference units loaded and the one school."""
    for old in work.glob("hn.db*"):
        old.unlink()
    schools = work / "truong.csv"
    schools.write_text(SCHOOLS_CSV, encoding="utf-8")
    database = f"sqlite://{work / 'hn.db'}"
    subprocess.run([binary, "--database", database, "import", "schools", str(schools)],
                   check=True, capture_output=True)
    return database


def run_huongnghiep(binary, file, rows, work, dry_run):
    """One import on a fresh database: wall, cpu, peak, and the seconds of each stage."""
    database = fresh_database(binary, work)
    argv = [binary, "--database", database, "import", "students", str(file),
            "--school", SCHOOL, "--year", YEAR]
    if dry_run:
        argv.append("--dry-run")
    # stages.py stamps the stage lines the import prints on stderr; /usr/bin/time -o keeps its
    # report out of that stream.
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run(
            [PYTHON, str(HERE / "stages.py"), "--", "/usr/bin/time", "-v", "-o", report.name,
             *argv], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"import failed:\n{done.stdout}\n{done.stderr}")
        wall, cpu, peak_kb = parse_time_v(Path(report.name).read_text())
    stages = json.loads(done.stdout)["stages"]
    if not dry_run:
        count = subprocess.run(
            ["sqlite3", str(work / "hn.db"), "select count(*) from graduate"],
            capture_output=True, text=True)
        if count.returncode == 0 and int(count.stdout.strip()) != rows:
            raise RuntimeError(f"expected {rows} graduates stored, found {count.stdout}")
    return {"seconds": wall, "cpu": cpu, "peak_kb": peak_kb, "stages": stages}


def run_parser(tool, file, rows):
    stdout, wall, cpu, peak_kb = timed([PYTHON, str(HERE / "parse_only.py"), tool, str(file)])
    result = json.loads(stdout.strip().splitlines()[-1])
    if result["rows"] != rows:
        raise RuntimeError(f"{tool} read {result['rows']} rows, expected {rows}")
    return {"seconds": result["seconds"], "process": wall, "cpu": cpu, "peak_kb": peak_kb}


def repeat(label, runs, once):
    results = []
    for i in range(runs):
        result = once()
        results.append(result)
        print(f"  {label} run {i + 1}: {result['seconds']:.2f} s, "
              f"peak {result['peak_kb'] / 1024:.0f} MB", flush=True)
        if i == 0 and result["seconds"] > SLOW_SECONDS:
            print(f"  {label}: over {SLOW_SECONDS:.0f} s, one run only", flush=True)
            break
    return results


def median_of(results, key):
    return statistics.median(r[key] for r in results)


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": memory,
            "kernel": platform.release()}


def versions(binary):
    def out(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"

    from importlib.metadata import version

    python_packages = ", ".join(
        f"{name} {version(name)}"
        for name in ["pandas", "openpyxl", "python-calamine", "polars", "fastexcel", "xlsxwriter"])
    root = HERE.parent.parent
    commit = out(["git", "-C", str(root), "rev-parse", "--short", "HEAD"])
    dirty = out(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"])
    return {
        "commit": commit + (" + uncommitted changes" if dirty else ""),
        "rustc": out(["rustc", "--version"]),
        "python": platform.python_version(),
        "packages": python_packages,
    }


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def table(rows_count, measured):
    e2e = measured["huongnghiep"]["median"]
    lines = [
        "| Tool | What is timed | Runs | Seconds (median) | Rows/s | Peak RSS MB | CPU s (user+sys) "
        "| Time ÷ Huongnghiep end to end |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label, what in ROWS:
        if key not in measured:
            continue
        m = measured[key]
        lines.append(
            f"| {label} | {what} | {m['runs']} | {m['median']:.2f} | "
            f"{rows_count / m['median']:,.0f} | {m['peak_mb']:.0f} | {m['cpu']:.2f} | "
            f"{m['median'] / e2e:.2f} |")
    return "\n".join(lines)


ROWS = [
    ("huongnghiep", "Huongnghiep `import students`",
     "end to end: process start, read XLSX, validate, match, write to SQLite, commit"),
    ("huongnghiep_dry", "Huongnghiep `import students --dry-run`",
     "end to end less the write (diagnostic)"),
    ("polars", "polars.read_excel(engine=\"calamine\") (fastexcel)", "parse only, in process"),
    ("calamine", "python-calamine `to_python()`", "parse only, in process"),
    ("pandas", "pandas.read_excel(engine=\"openpyxl\")", "parse only, in process"),
]


def stage_table(measured):
    lines = ["| Stage (from the import's own stage lines) | end to end s | --dry-run s |",
             "| --- | ---: | ---: |"]
    full = measured["huongnghiep"]["stages"]
    dry = measured.get("huongnghiep_dry", {}).get("stages", {})
    for label in full:
        dry_value = f"{dry[label]:.2f}" if label in dry else "—"
        lines.append(f"| {label} | {full[label]:.2f} | {dry_value} |")
    return "\n".join(lines)


def median_stages(results):
    labels = [label for label, _ in results[0]["stages"]]
    return {label: statistics.median(dict(r["stages"]).get(label, 0.0) for r in results)
            for label in labels}


def verdict(rows_count, measured):
    e2e = measured["huongnghiep"]["median"]
    rate = rows_count / e2e
    lines = []
    if "polars" in measured:
        fast = measured["polars"]["median"]
        budget = AIM_FACTOR * fast
        met = e2e <= budget
        lines.append(
            f"- Aim 1, whole import within {AIM_FACTOR:g}× fastexcel's parse-only time: "
            f"{e2e:.2f} s against a budget of {budget:.2f} s (2 × {fast:.2f} s) — "
            f"**{'met' if met else 'not met'}** ({e2e / fast:.2f}× fastexcel).")
    lines.append(
        f"- Aim 2, over {AIM_ROWS_PER_SECOND:,} rows/s end to end: {rate:,.0f} rows/s — "
        f"**{'met' if rate > AIM_ROWS_PER_SECOND else 'not met'}**.")
    peaks = {k: m["peak_mb"] for k, m in measured.items()}
    lines.append(
        f"- Memory: peak RSS {peaks['huongnghiep']:.0f} MB end to end "
        f"({peaks.get('huongnghiep_dry', float('nan')):.0f} MB dry run); parse-only tools "
        + ", ".join(f"{k} {v:.0f} MB" for k, v in peaks.items() if not k.startswith("huong"))
        + ". Bounded memory is not shown by one size: run.sh with ROWS=200000 shows how the "
          "peak grows with the file.")
    return "\n".join(lines)


def write_results(path, section):
    intro = ("# Benchmarks\n\nEach section is one run of a benchmark, newest first. "
             "See bench/README.md for how to rerun.\n\n")
    old = path.read_text(encoding="utf-8") if path.exists() else intro
    marker = "\n## "
    cut = old.find(marker)
    if cut < 0:
        head, tail = old.rstrip("\n") + "\n\n", ""
    else:
        head, tail = old[:cut + 1], old[cut + 1:]
    path.write_text(head + section.rstrip("\n") + "\n\n" + tail, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--file", required=True, type=Path)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--skip", default="", help="comma-separated tools to leave out")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if shutil.which("sqlite3") is None:
        print("(sqlite3 not installed: the stored row count is not checked)")

    load_before = load_average()
    started = dt.datetime.now()
    work = Path(tempfile.mkdtemp(prefix="hn-bench-"))
    measured = {}
    try:
        plans = [
            ("huongnghiep", lambda: run_huongnghiep(args.binary, args.file, args.rows, work,
                                                    dry_run=False)),
            ("huongnghiep_dry", lambda: run_huongnghiep(args.binary, args.file, args.rows, work,
                                                        dry_run=True)),
            ("polars", lambda: run_parser("polars", args.file, args.rows)),
            ("calamine", lambda: run_parser("calamine", args.file, args.rows)),
            ("pandas", lambda: run_parser("pandas", args.file, args.rows)),
        ]
        for key, once in plans:
            if key in skip:
                continue
            print(f"{key}:", flush=True)
            results = repeat(key, args.runs, once)
            measured[key] = {
                "runs": len(results),
                "median": median_of(results, "seconds"),
                "cpu": median_of(results, "cpu"),
                "peak_mb": max(r["peak_kb"] for r in results) / 1024,
                "all": [round(r["seconds"], 3) for r in results],
            }
            if "stages" in results[0]:
                measured[key]["stages"] = median_stages(results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = load_average()

    info = machine()
    ver = versions(args.binary)
    size_mb = args.file.stat().st_size / 1024 / 1024
    body = table(args.rows, measured)
    stages = stage_table(measured)
    aims = verdict(args.rows, measured)
    runs_line = "; ".join(f"{k} {m['all']}" for k, m in measured.items())
    section = f"""## {started:%Y-%m-%d %H:%M} — student import, {args.rows:,} rows XLSX

Machine: {info['nproc']} cores (`nproc` = {info['nproc']}), {info['cpu']}, {info['memory']} RAM,
Linux {info['kernel']}; load average {load_before} before, {load_after} after (the cores are
shared with other builds: wall times are noisy, the CPU column less so).
Build: `cargo build --release -p huongnghiep-cli` at {ver['commit']}, {ver['rustc']}.
Python {ver['python']}: {ver['packages']}.
File: `{args.file.name}` ({size_mb:.1f} MB, made by `make_file.py`, seed 2024), imported with
`huongnghiep --database sqlite://FRESH.db import students FILE --school {SCHOOL} --year {YEAR}`
on a fresh database holding the reference units and the one school.

{body}

Huongnghiep seconds are the process's wall time (start to exit); the parse-only seconds time
the read call alone inside an already started Python (imports excluded), so the comparison
favours the baselines. Peak RSS is the largest of the runs. Every run (s): {runs_line}.

Where Huongnghiep's time goes (median per stage, from the stage lines it prints on stderr):

{stages}

{aims}
"""
    print()
    print(section)
    if args.results:
        write_results(args.results, section)
        print(f"written to {args.results}")


if __name__ == "__main__":
    main()
