#!/usr/bin/env bash
# Side-by-side benchmark of the student import: Huongnghiep end to end against parse-only
# baselines in Python. One command, from anywhere:
#
#   bench/import/run.sh
#
# Environment: ROWS (default 100000), RUNS (default 3), SKIP (e.g. "pandas"), NO_RESULTS=1 to
# print without adding a section to bench/RESULTS.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/bench/.venv"
out="$here/out"
rows="${ROWS:-100000}"
runs="${RUNS:-3}"

# 1. Python environment with the pinned baselines.
if [[ ! -x "$venv/bin/python" ]]; then
    echo "== creating $venv"
    python3 -m venv "$venv"
    # Keep the environment out of git without touching the project's .gitignore.
    echo '*' > "$venv/.gitignore"
fi
stamp="$venv/.requirements.installed"
if [[ ! -f "$stamp" ]] || ! cmp -s "$here/requirements.txt" "$stamp"; then
    echo "== installing bench/import/requirements.txt"
    "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi

# /usr/bin/time -v gives the peak RSS (the shell's `time` does not).
if [[ ! -x /usr/bin/time ]]; then
    echo "== installing GNU time"
    apt-get update -qq && apt-get install -y -qq time
fi

# 2. The release binary, the one profile the README uses.
echo "== cargo build --release -p huongnghiep-cli"
(cd "$root" && cargo build --release -p huongnghiep-cli)
binary="$root/target/release/huongnghiep"

# 3. The file (deterministic; remade only when missing or when the generator changed).
mkdir -p "$out"
file="$out/hocsinh-$rows.xlsx"
if [[ ! -f "$file" || "$here/make_file.py" -nt "$file" ]]; then
    echo "== making $file"
    "$venv/bin/python" "$here/make_file.py" "$file" --rows "$rows"
fi

# 4-6. Measure, print, record.
results=(--results "$root/bench/RESULTS.md")
[[ "${NO_RESULTS:-}" == 1 ]] && results=()
echo "== measuring ($runs runs each; fresh database per Huongnghiep run)"
"$venv/bin/python" "$here/bench.py" --binary "$binary" --file "$file" --rows "$rows" \
    --runs "$runs" --skip "${SKIP:-}" "${results[@]}"
