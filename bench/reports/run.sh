#!/usr/bin/env bash
# How long "the button" takes for the provincial streaming report (unit 80, Tỉnh Tây Ninh after
# the 2025 reform, all communes), side by side with pandas over the same SQLite file. One
# command, from anywhere:
#
#   bench/reports/run.sh
#
# Environment: RUNS (default 7), CLI_RUNS (default 3), PORT (default: a free one), WORK (default
# /tmp/hn-bench-reports: the demo database, the server's log, the files downloaded and written),
# VENV (default $WORK/venv), FRESH_DB=1 to remake the demo database, NO_BUILD=1 to use the
# release binary as it is, NO_RESULTS=1 to print without adding a section to bench/RESULTS.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${WORK:-/tmp/hn-bench-reports}"
venv="${VENV:-$work/venv}"
out="$work/out"
db="$work/hn.db"
mkdir -p "$work" "$out"

# 1. Python environment with the comparator and the HTTP client.
if [[ ! -x "$venv/bin/python" ]]; then
    echo "== creating $venv"
    python3 -m venv "$venv"
fi
stamp="$venv/.reports-requirements.installed"
if [[ ! -f "$stamp" ]] || ! cmp -s "$here/requirements.txt" "$stamp"; then
    echo "== installing bench/reports/requirements.txt"
    "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi

# 2. The release binary, the one profile the README uses.
if [[ "${NO_BUILD:-}" != 1 ]]; then
    echo "== cargo build --release -p huongnghiep-cli"
    (cd "$root" && cargo build --release -p huongnghiep-cli)
fi
binary="$root/target/release/huongnghiep"
[[ -x "$binary" ]] || { echo "no $binary: build it or drop NO_BUILD" >&2; exit 1; }

# 3. The demo database (deterministic, seed 1; kept between runs, remade with FRESH_DB=1).
if [[ "${FRESH_DB:-}" == 1 ]]; then
    rm -f "$db" "$db-wal" "$db-shm"
fi
if [[ ! -f "$db" ]]; then
    echo "== huongnghiep demo into $db"
    "$binary" --database "sqlite://$db" demo > "$work/demo.log" 2>&1 \
        || { cat "$work/demo.log" >&2; rm -f "$db" "$db-wal" "$db-shm"; exit 1; }
    tail -n 20 "$work/demo.log"
fi

# 4. The server, stopped by the trap whatever happens.
port="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
server=""
stop_server() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill "$server"
        wait "$server" 2>/dev/null || true
    fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM
echo "== huongnghiep serve --addr 127.0.0.1:$port (log: $work/serve.log)"
"$binary" --database "sqlite://$db" serve --addr "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!

# 5. Measure, print, record.
results=(--results "$root/bench/RESULTS.md")
[[ "${NO_RESULTS:-}" == 1 ]] && results=()
"$venv/bin/python" "$here/bench.py" --binary "$binary" --database "$db" \
    --base-url "http://127.0.0.1:$port" --pid "$server" --serve-log "$work/serve.log" \
    --out "$out" --runs "${RUNS:-7}" --cli-runs "${CLI_RUNS:-3}" "${results[@]}"
