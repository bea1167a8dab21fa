#!/usr/bin/env bash
# The Spark back-fill test: runs examples/spark/backfill.py in Spark local
# mode over the sample corpus (examples/corpus, as JSON Lines articles) and
# checks that the store `demarche load` builds from the records equals a
# direct `demarche ingest` of the same articles (`demarche export records`
# of both, byte for byte).
#
# Needs Java and PySpark. When `java` is missing it installs the Debian
# package default-jre-headless (as root, with apt-get); PySpark (about
# 300 MB) goes into a virtualenv under target/spark-venv, kept between runs.
# When they cannot be had the test is skipped with a message, except under
# CI or SPARK=1, where that is a failure.
#
#   DEMARCHE_BIN=path   the binary to test (default: build target/debug/demarche)
#   PYSPARK_VERSION     the PySpark release to install (default 3.5.3)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
required=${SPARK:-${CI:+1}}

skip() {
    echo "scripts/test-spark.sh: $*" >&2
    if [ "${required:-0}" = 1 ] || [ "${required:-}" = true ]; then
        echo "scripts/test-spark.sh: FAILED (required under CI or SPARK=1)" >&2
        exit 1
    fi
    echo "scripts/test-spark.sh: skipped" >&2
    exit 0
}

if ! command -v java >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "scripts/test-spark.sh: installing default-jre-headless for Spark" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends default-jre-headless >&2 || skip "cannot install Java"
    else
        skip "java missing and cannot be installed here (need root and apt-get)"
    fi
fi

venv=$target/spark-venv
if [ ! -x "$venv/bin/spark-submit" ]; then
    if ! python3 -m venv "$venv" >&2; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get install -y -q --no-install-recommends python3-venv >&2 || skip "cannot install python3-venv"
            python3 -m venv "$venv" >&2 || skip "cannot create $venv"
        else
            skip "cannot create a Python virtualenv in $venv"
        fi
    fi
    "$venv/bin/pip" install -q "pyspark==${PYSPARK_VERSION:-3.5.3}" >&2 || skip "cannot install pyspark from PyPI"
fi

bin=${DEMARCHE_BIN:-}
if [ -z "$bin" ]; then
    cargo build -q -p demarche --locked
    bin=$target/debug/demarche
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

work=$(mktemp -d "${TMPDIR:-/tmp}/demarche-spark.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# The sample corpus as JSON Lines articles: each document's cleaned text and
# metadata, named by its document name.
"$bin" extract --kinds document --text "$root/examples/corpus" | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    a = {"id": d["doc"], "text": d["text"]}
    for to, frm in [("title", "title"), ("published", "published"), ("url", "url"),
                    ("source", "outlet"), ("author", "byline")]:
        if d.get(frm):
            a[to] = d[frm]
    print(json.dumps(a, ensure_ascii=False))
' > articles.jsonl
n=$(wc -l < articles.jsonl)

"$bin" --db direct.db ingest --quiet articles.jsonl

start=$(date +%s)
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/spark-submit" --master 'local[2]' \
    --conf spark.ui.enabled=false \
    "$root/examples/spark/backfill.py" articles.jsonl records \
    --demarche "$bin" --name articles.jsonl --partitions 3 --db loaded.db 2> spark.log || {
    tail -40 spark.log >&2
    echo "scripts/test-spark.sh: FAILED: the Spark job failed" >&2
    exit 1
}
echo "scripts/test-spark.sh: Spark local mode, $n articles, 3 partitions: $(( $(date +%s) - start )) s" >&2

"$bin" --db direct.db export records > direct.jsonl
"$bin" --db loaded.db export records > loaded.jsonl
if ! cmp -s direct.jsonl loaded.jsonl; then
    diff direct.jsonl loaded.jsonl | head -20 >&2
    echo "scripts/test-spark.sh: FAILED: the loaded store differs from a direct ingest" >&2
    exit 1
fi
docs=$(grep -c '^{"kind":"document"' loaded.jsonl || true)
if [ "$docs" != "$n" ]; then
    echo "scripts/test-spark.sh: FAILED: $docs documents loaded, $n articles" >&2
    exit 1
fi
echo "scripts/test-spark.sh: ok: $docs documents, $(wc -l < loaded.jsonl) records, equal to a direct ingest" >&2
