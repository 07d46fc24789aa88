#!/usr/bin/env bash
# Where the student import spends its time: the timing harness (harness/, its own workspace)
# runs the import stage by stage with the product's crates, then parts of stages and variants
# of the write; with PERF=1 also a `perf record` of the release binary, summarised.
#
#   bench/import/profile.sh            # after run.sh has made the file and the venv
#
# Environment: ROWS (default 100000), HARNESS_TARGET_DIR (default target/bench-harness),
# PERF=1 for the perf profile (needs `perf`; Debian package linux-perf).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rows="${ROWS:-100000}"
file="$here/out/hocsinh-$rows.xlsx"
target="${HARNESS_TARGET_DIR:-$root/target/bench-harness}"
binary="$root/target/release/huongnghiep"

if [[ ! -f "$file" ]]; then
    echo "no $file: run bench/import/run.sh first (or make_file.py)" >&2
    exit 1
fi
echo "== building the harness (release, line tables, frame pointers) into $target"
(cd "$here/harness" && RUSTFLAGS="-C force-frame-pointers=yes" \
    cargo build --release --target-dir "$target")
[[ -x "$binary" ]] || (cd "$root" && cargo build --release -p huongnghiep-cli)

work="$(mktemp -d /tmp/hn-profile-XXXXXX)"
trap 'rm -rf "$work"' EXIT
printf 'Mã trường,Tên trường,Loại trường,Mã xã\n80803999,Trường THCS Thử Nghiệm,THCS,27991\n' \
    > "$work/truong.csv"
"$binary" --database "sqlite://$work/template.db" import schools "$work/truong.csv" >/dev/null 2>&1
# Leave one file with no WAL beside it, so that copies of it are whole.
sqlite3 "$work/template.db" "pragma wal_checkpoint(truncate);" >/dev/null 2>&1 || true

echo "== harness"
"$target/release/hn-import-harness" "$work/template.db" "$file" 80803999 2024

if [[ "${PERF:-}" == 1 ]]; then
    echo
    echo "== perf record of huongnghiep import students (fresh database)"
    cp "$work/template.db" "$work/perf.db"
    perf record -F 999 --call-graph dwarf,16384 -o "$work/perf.data" -- \
        "$binary" --database "sqlite://$work/perf.db" import students "$file" \
        --school 80803999 --year 2024 >/dev/null 2>&1
    perf report -i "$work/perf.data" --children --sort symbol --stdio 2>/dev/null \
        | grep -E '^ +[0-9]' | head -60 | cut -c1-160
fi
