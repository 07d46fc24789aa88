#!/usr/bin/env python3
"""Parse-only baselines: reads the first sheet of an XLSX into memory with one tool and prints
one JSON line {"tool", "seconds", "rows"}. `seconds` times the read call alone (the library is
imported before the clock starts); run.sh wraps each call in /usr/bin/time -v for peak RSS.

    python parse_only.py {pandas,calamine,polars} FILE.xlsx
"""

import json
import sys
import time

# The header is on row 5 (index 4) below three title rows and a blank row.
HEADER_ROW = 4


def read_pandas(path):
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_excel(path, sheet_name=0, header=HEADER_ROW, engine="openpyxl")
    return time.perf_counter() - start, len(frame)


def read_calamine(path):
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    elapsed = time.perf_counter() - start
    # Data rows: those after the header row.
    return elapsed, len(rows) - HEADER_ROW - 1


def read_polars(path):
    import polars as pl

    start = time.perf_counter()
    frame = pl.read_excel(
        path,
        sheet_id=1,
        engine="calamine",
        read_options={"header_row": HEADER_ROW},
    )
    return time.perf_counter() - start, frame.height


TOOLS = {"pandas": read_pandas, "calamine": read_calamine, "polars": read_polars}


def main():
    tool, path = sys.argv[1], sys.argv[2]
    seconds, rows = TOOLS[tool](path)
    print(json.dumps({"tool": tool, "seconds": seconds, "rows": rows}))


if __name__ == "__main__":
    main()
