#!/usr/bin/env bash
# The figures of issue 10, measured from outside on the demo data set (or any database already
# written, with DATABASE_SQLITE / DATABASE_POSTGRES): the time to write it, `serve` start-up until
# its first answer, resident memory, `/indicators` of a province and a district (median over
# HTTP), whether a CLI write is in the server's next answer; side by side, the same roll-up by
# DuckDB in memory and by PostgreSQL's own GROUP BY, with ratios. One command:
#
#   bench/figures/run.sh
#
# Environment: RUNS (default 50), WORK (default /tmp/hn-bench-figures), VENV, NO_BUILD=1,
# OLD_BIN=path (a binary of an earlier version, measured the same way on a database it writes
# itself), POSTGRES (default postgres://postgres@127.0.0.1:5432), NO_RESULTS=1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${WORK:-/tmp/hn-bench-figures}"
venv="${VENV:-$work/venv}"
pg="${POSTGRES:-postgres://postgres@127.0.0.1:5432}"
mkdir -p "$work"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
stamp="$venv/.figures-requirements.installed"
if [[ ! -f "$stamp" ]] || ! cmp -s "$here/requirements.txt" "$stamp"; then
    "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi
if [[ "${NO_BUILD:-}" != 1 ]]; then
    (cd "$root" && cargo build --release -p huongnghiep-cli)
fi
binary="$root/target/release/huongnghiep"

args=(--binary "$binary" --work "$work" --postgres "$pg" --runs "${RUNS:-50}")
[[ -n "${OLD_BIN:-}" ]] && args+=(--old-binary "$OLD_BIN")
[[ "${NO_RESULTS:-}" != 1 ]] && args+=(--results "$root/bench/RESULTS.md")
"$venv/bin/python" "$here/bench.py" "${args[@]}"
