#!/usr/bin/env bash
# A store of N synthetic documents (default 100000) and what it costs to make.
#
# Builds the release binaries, generates the corpus with `demarche-synth`
# (deterministic from the seed) into bench/out/synth.jsonl with its ground
# truth (bench/out/synth-truth.jsonl, one record per crisis), ingests it with
# `demarche ingest` into bench/out/synth.db (a fresh store), and prints the
# generation time, the ingest time (documents/s, words/s), the size of the
# database and its record counts (with sqlite3 when installed, else through
# `demarche query`).
#
# Usage: bench/synth-store.sh [DOCS] [SEED]
#   env: JOBS (threads for ingest; default all cores), NAME (file names under
#        bench/out: NAME.jsonl, NAME-truth.jsonl, NAME.db; default synth),
#        CARGO_TARGET_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-100000}
seed=${2:-1}
out=bench/out
mkdir -p "$out"
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p demarche -p demarche-synth
synth=$target/release/demarche-synth
demarche=$target/release/demarche
name=${NAME:-synth}
jobs=()
[ -n "${JOBS:-}" ] && jobs=(-j "$JOBS")

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

t0=$(now)
"$synth" --docs "$docs" --seed "$seed" --out "$out/$name.jsonl" \
  --truth "$out/$name-truth.jsonl" 2> "$out/$name-gen.log"
t1=$(now)
cat "$out/$name-gen.log"
words=$(sed -n 's/.* articles (.*), \([0-9]*\) words,.*/\1/p' "$out/$name-gen.log")
gen=$(secs "$t0" "$t1")

db=$out/$name.db
rm -f "$db" "$db-wal" "$db-shm"
t2=$(now)
"$demarche" --db "$db" "${jobs[@]}" ingest "$out/$name.jsonl" 2> "$out/$name-ingest.log" || true
t3=$(now)
tail -n 1 "$out/$name-ingest.log"
ing=$(secs "$t2" "$t3")

size=$(( $(stat -c %s "$db") + $( [ -f "$db-wal" ] && stat -c %s "$db-wal" || echo 0) ))
echo
echo "documents generated  $docs (seed $seed), $words words, $(stat -c %s "$out/$name.jsonl") bytes of JSON Lines"
echo "generation           ${gen} s"
python3 - "$docs" "$words" "$ing" <<'PY'
import sys
docs, words, s = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
print(f"ingest               {s:.1f} s   {docs / s:.0f} docs/s   {words / s:.0f} words/s")
PY
echo "database             $db, $(python3 -c "print(f'{$size / 1e6:.1f}')") MB"
echo "records:"
if command -v sqlite3 > /dev/null; then
  sqlite3 "$db" "SELECT 'documents', count(*) FROM documents;
                 SELECT kind, count(*) FROM records GROUP BY kind ORDER BY kind;" |
    awk -F'|' '{ printf "  %-10s %10d\n", $1, $2 }'
else
  for what in documents quotes silences findings; do
    printf "  %-10s %10d\n" "$what" "$("$demarche" --db "$db" query "$what" --json | wc -l)"
  done
  printf "  %-10s %10d\n" events "$("$demarche" --db "$db" query events --reports --json | wc -l)"
fi
