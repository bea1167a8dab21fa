#!/usr/bin/env bash
# Memory of demarche over a large JSON Lines file: it must stay flat (bounded
# by the batch size), not grow with the corpus.
#
# 1. Writes (once; reused when present) a JSON Lines file of at least GB
#    gigabytes of synthetic articles with `demarche-synth` into
#    bench/out/memory-<GB>g.jsonl (DOCS articles per generator run, seeds
#    1, 2, … appended until the size is reached; ids stay distinct because
#    each run's ids carry its seed).
# 2. Runs MODE over it:
#      extract  `demarche extract FILE > /dev/null` (the whole pipeline and
#               the JSON output, no store; the default)
#      ingest   `demarche ingest FILE` into a fresh bench/out/memory.db
#      stdin    `demarche extract --stdin < FILE > /dev/null`
# 3. Samples the process every INTERVAL seconds (default 2): resident memory
#    (VmRSS) and how far it has read the input (the file offset of its
#    descriptor in /proc/PID/fdinfo, or bytes read for stdin). Prints the
#    resident memory at each tenth of the input, the peak (VmHWM), the time
#    and the throughput; writes every sample to bench/out/memory-<MODE>.tsv.
#
# Usage: bench/memory.sh [GB] [MODE]
#   env: DOCS (articles per generator run; default 1000000), INTERVAL,
#        JOBS (threads; default all cores), CARGO_TARGET_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
gb=${1:-10}
mode=${2:-extract}
out=bench/out
mkdir -p "$out"
target=${CARGO_TARGET_DIR:-target}
per_run=${DOCS:-1000000}
interval=${INTERVAL:-2}
jobs=()
[ -n "${JOBS:-}" ] && jobs=(-j "$JOBS")

cargo build --release -q -p demarche -p demarche-synth
synth=$target/release/demarche-synth
demarche=$target/release/demarche

file=$out/memory-${gb}g.jsonl
want=$(python3 -c "print(int(float('$gb') * 1e9))")
if [ -s "$file" ] && [ "$(stat -c %s "$file")" -ge "$want" ]; then
  echo "reusing $file ($(stat -c %s "$file") bytes)"
else
  rm -f "$file.tmp"
  seed=1
  while [ "$(stat -c %s "$file.tmp" 2>/dev/null || echo 0)" -lt "$want" ]; do
    "$synth" --docs "$per_run" --seed "$seed" 2>/dev/null |
      sed "s/^{\"id\":\"/{\"id\":\"s$seed-/" >> "$file.tmp"
    seed=$((seed + 1))
  done
  mv "$file.tmp" "$file"
  echo "wrote $file ($(stat -c %s "$file") bytes, $((seed - 1)) generator runs)"
fi
size=$(stat -c %s "$file")
lines=$(wc -l < "$file")

tsv=$out/memory-$mode.tsv
db=$out/memory.db
case "$mode" in
  extract) cmd=("$demarche" "${jobs[@]}" extract "$file") ;;
  stdin) cmd=("$demarche" "${jobs[@]}" extract --stdin) ;;
  ingest)
    rm -f "$db" "$db-wal" "$db-shm"
    cmd=("$demarche" --db "$db" "${jobs[@]}" ingest "$file")
    ;;
  *) echo "bench/memory.sh: unknown mode $mode (extract, ingest, stdin)" >&2; exit 2 ;;
esac

echo "== $mode: ${cmd[*]}"
start=$(date +%s.%N)
if [ "$mode" = stdin ]; then
  "${cmd[@]}" < "$file" > /dev/null 2> "$out/memory-$mode.log" &
else
  "${cmd[@]}" > /dev/null 2> "$out/memory-$mode.log" &
fi
pid=$!

# The position in the input: the offset of the descriptor open on the file
# (stdin: descriptor 0), else the bytes the process has read.
position() {
  local fd link
  for fd in /proc/$pid/fd/*; do
    link=$(readlink "$fd" 2>/dev/null) || continue
    if [ "$link" = "$(realpath "$file")" ]; then
      sed -n 's/^pos:\s*//p' "/proc/$pid/fdinfo/${fd##*/}" 2>/dev/null && return
    fi
  done
  sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null || echo 0
}

printf 'seconds\tinput_bytes\trss_kb\n' > "$tsv"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(sed -n 's/^VmRSS:\s*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)
  hwm=$(sed -n 's/^VmHWM:\s*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)
  pos=$(position)
  [ -n "$rss" ] && printf '%s\t%s\t%s\n' \
    "$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")" "${pos:-0}" "$rss" >> "$tsv"
  [ -n "$hwm" ] && peak=$hwm
  sleep "$interval"
done
wait "$pid" && status=0 || status=$?
end=$(date +%s.%N)
tail -n 2 "$out/memory-$mode.log"

python3 - "$tsv" "$size" "$lines" "$start" "$end" "${peak:-0}" "$mode" "$status" <<'PY'
import sys
tsv, size, lines, start, end, peak, mode, status = sys.argv[1:]
size, lines, secs, peak = int(size), int(lines), float(end) - float(start), int(peak)
rows = [l.split("\t") for l in open(tsv).read().splitlines()[1:]]
rows = [(float(t), int(p), int(r)) for t, p, r in rows]
print(f"\ninput       {size / 1e9:.2f} GB, {lines} articles")
print(f"time        {secs:.0f} s, {size / 1e6 / secs:.1f} MB/s, {lines / secs:.0f} docs/s")
print(f"peak RSS    {peak / 1024:.0f} MB (VmHWM)")
print("RSS when the input was read to:")
for tenth in range(1, 11):
    at = [r for t, p, r in rows if p >= size * tenth / 10 * 0.999]
    before = [r for t, p, r in rows if p <= size * tenth / 10]
    rss = before[-1] if before else (at[0] if at else None)
    if rss is not None:
        print(f"  {tenth * 10:3d}%     {rss / 1024:7.0f} MB")
if rows:
    half = [r for t, p, r in rows if p >= size / 2]
    first = [r for t, p, r in rows if 0 < p < size / 2]
    if half and first:
        print(f"max RSS, first half {max(first) / 1024:.0f} MB; second half {max(half) / 1024:.0f} MB")
print(f"exit status {status}")
PY
