#!/usr/bin/env python3
"""Where the time of one import goes, without touching the product: runs the command and
stamps each stage line it prints on stderr ("Đang đọc tệp…", "Đang kiểm tra từng dòng…",
"Đang đối chiếu với dữ liệu đã có…", "Đang ghi…"; printed when stderr is not a terminal).
Prints one JSON line {"total": s, "stages": [[label, seconds_in_stage], ...]}; the first
stage, "khởi động", is from the spawn to the first line (open the database, run migrations,
look up the school).

    python stages.py -- COMMAND [ARGS...]
"""

import json
import subprocess
import sys
import time


def main():
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    start = time.perf_counter()
    marks = [("khởi động", start)]
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in child.stderr:
        line = line.rstrip("\n")
        if line.startswith("Đang"):
            marks.append((line.rstrip("…"), time.perf_counter()))
    status = child.wait()
    end = time.perf_counter()
    if status != 0:
        sys.exit(f"command failed with status {status}")
    stages = []
    for (label, at), (_, until) in zip(marks, marks[1:] + [("end", end)]):
        stages.append([label, until - at])
    print(json.dumps({"total": end - start, "stages": stages}, ensure_ascii=False))


if __name__ == "__main__":
    main()
