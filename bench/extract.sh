#!/usr/bin/env bash
# Words per second of `demarche extract` (the whole pipeline plus JSON output),
# as a whole process: once on one core (-j 1), once on all cores.
# The corpus is the seed articles (../shared/corpus/seeds) repeated to at least
# 5 MB as JSON Lines, or the bundled sample corpus when ../shared is absent.
# Usage: bench/extract.sh [MIN_BYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
min_bytes=${1:-5000000}
out=bench/out
mkdir -p "$out"
src=../shared/corpus/seeds
[ -d "$src" ] || src=examples/corpus

cargo build --release -q
bin=target/release/demarche

python3 - "$src" "$min_bytes" "$out/corpus.jsonl" <<'PY'
import json, os, sys
src, min_bytes, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = [open(os.path.join(src, f), encoding="utf-8").read()
         for f in sorted(os.listdir(src)) if f.endswith((".txt", ".md"))]
size = words = n = 0
with open(dst, "w", encoding="utf-8") as out:
    while size < min_bytes:
        for i, t in enumerate(texts):
            t = f"{t}\n\nCopy {n}.\n"          # a distinct text per copy
            out.write(json.dumps({"id": f"c{n}-{i}", "text": t}) + "\n")
            size += len(t.encode()); words += len(t.split())
        n += 1
with open(dst + ".words", "w") as f:
    f.write(str(words))
print(f"corpus: {src} repeated, {size/1e6:.1f} MB, {words} words")
PY
words=$(cat "$out/corpus.jsonl.words")

run() { # label, args...
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" "$@" extract "$out/corpus.jsonl" > "$out/records.jsonl"
  t1=$(date +%s.%N)
  python3 -c "import sys; w=$words; s=$t1-$t0; print(f'{sys.argv[1]:<10} {w/s:>10.0f} words/s  ({s:.2f} s wall)')" "$label"
}
run "one core" -j 1
run "all cores"
echo "records: $(wc -l < "$out/records.jsonl")"
