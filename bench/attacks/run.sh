#!/usr/bin/env bash
# The attacks of issue 9 against a fresh release demo server; prints a Markdown table.
# Knobs: BIG_ROWS=150000 (the list imported by the CLI during sign-ins; 0 skips it), PORT=8099.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -p huongnghiep-cli
bin="$PWD/target/release/huongnghiep"
work="$(mktemp -d)"
port="${PORT:-8099}"
"$bin" --database "sqlite://$work/demo.db" serve --demo --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/dang-nhap" >/dev/null 2>&1 && break
  sleep 1
done
rows="${BIG_ROWS:-150000}"
if [ "$rows" != 0 ]; then
  python3 - "$work/big.csv" "$rows" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
with open(path, "w", encoding="utf-8") as out:
    out.write("STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp,Hướng đi sau tốt nghiệp\n")
    for i in range(rows):
        out.write(f"{i+1},AT{i:07d},Nguyễn Văn Thử {i},01/02/2008,Nam,9A{i % 12 + 1},THPT công lập\n")
PY
  export BIG_FILE="$work/big.csv"
fi
python3 bench/attacks/attacks.py "http://127.0.0.1:$port" "$server" "$work/demo.db" "$bin"
