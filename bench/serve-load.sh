#!/usr/bin/env bash
# A bounded load test of `demarche serve`, on loopback only.
#
# Starts the server (read-only) on a free 127.0.0.1 port over a store, finds
# ids through the API (a document, a record, an event cluster, a crisis, a
# state), then runs wrk with CLIENTS concurrent connections for DURATION over
# a mix of API calls (stats, search, documents, records, timeline, quotes,
# entities, events, network, crises, a crisis's matrix, claims, patron...)
# and prints the requests, the throughput, p50/p95/p99/max latency and the
# errors (non-2xx answers, connect/read/write errors, timeouts). Exits 1 on
# any error.
#
# The store: --db PATH, else bench/out/synth.db when present, else one built
# from examples/corpus in a temporary directory. The server opens its store
# for writing at start (it brings the schema up to date): point --db at a
# copy of a store you must not touch.
#
# Usage: bench/serve-load.sh [--db PATH] [--clients 200] [--duration 60s]
#                            [--threads 2] [--timeout 10s]
#   env: CARGO_TARGET_DIR (where the release binary is built), READY_TIMEOUT
#        (seconds to wait for the server's first answer; default 1800)
# Needs wrk (Debian: apt-get install wrk; installed when missing as root).
set -euo pipefail
cd "$(dirname "$0")/.."
db="" clients=200 duration=60s threads=2 timeout=10s
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        *) echo "usage: $0 [--db PATH] [--clients N] [--duration 60s] [--threads N] [--timeout 10s]" >&2; exit 2 ;;
    esac
done
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2
    else
        echo "serve-load: wrk is missing (apt-get install wrk)" >&2; exit 2
    fi
fi
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p demarche
bin=$target/release/demarche
work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$db" ]; then
    if [ -f bench/out/synth.db ]; then
        db=bench/out/synth.db
    else
        db=$work/corpus.db
        "$bin" --db "$db" ingest -q examples/corpus
    fi
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$bin" --db "$db" serve --addr "127.0.0.1:$port" >"$work/out" 2>"$work/err" &
server=$!
# A large store takes minutes to load into the desk before the first answer.
deadline=$((SECONDS + ${READY_TIMEOUT:-1800}))
until curl -sf "$base/api/stats" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "serve-load: no answer in ${READY_TIMEOUT:-1800} s" >&2; exit 1; }
    sleep 0.1
done
echo "serve-load: ready after $((SECONDS - deadline + ${READY_TIMEOUT:-1800})) s" >&2
echo "serve-load: $db on $base, $clients clients for $duration" >&2

# Ids through the API.
# first PATH KEY...: the first item's value at KEY (nested keys in turn).
first() {
    curl -sf "$base$1" | python3 -c "
import json, sys
v = (json.load(sys.stdin).get('items') or [{}])[0]
for k in sys.argv[1:]:
    v = v.get(k, {}) if isinstance(v, dict) else {}
print(v if isinstance(v, str) else '')" "${@:2}"
}
doc=$(first "/api/documents?limit=1" id)
record=$(first "/api/records?kind=event&limit=1" record id)
event=$(first "/api/events?limit=1" id)
crisis=$(first "/api/crises?limit=1" id)
state=$(curl -sf "$base/api/crises?limit=1" | python3 -c "import json,sys; i=json.load(sys.stdin)['items']; print(i[0]['target'] if i else 'RUS')")
word=$(curl -sf "$base/api/documents?limit=1" | python3 -c "
import json, re, sys
t = (json.load(sys.stdin)['items'] or [{}])[0].get('title') or 'minister'
w = [x for x in re.findall(r'[A-Za-z]{5,}', t)]
print(w[0].lower() if w else 'minister')")
{
    echo "/api/stats"
    echo "/api/search?q=$word&limit=20"
    echo "/api/documents?limit=50"
    echo "/api/records?kind=event&limit=50"
    echo "/api/timeline?limit=50"
    echo "/api/quotes?limit=50"
    echo "/api/silences?limit=50"
    echo "/api/entities?limit=50"
    echo "/api/events?limit=50"
    echo "/api/network"
    echo "/api/crises?limit=50"
    echo "/api/silences/windows?limit=50"
    echo "/api/claims?limit=50"
    echo "/api/contradictions?limit=50"
    echo "/api/patrons/RUS"
    [ -n "$doc" ] && echo "/api/documents/$doc"
    [ -n "$record" ] && echo "/api/records/$record"
    [ -n "$event" ] && echo "/api/events/$event"
    [ -n "$crisis" ] && echo "/api/crises/$crisis"
    [ -n "$state" ] && echo "/api/crises?target=$state"
} >"$work/paths"
# Every path answers before the load.
while read -r p; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
    [ "$code" = 200 ] || { echo "serve-load: $p answered $code" >&2; exit 1; }
done <"$work/paths"
echo "serve-load: $(wc -l <"$work/paths") paths: $(tr '\n' ' ' <"$work/paths")" >&2

LOAD_PATHS=$work/paths LOAD_RESULT=$work/result \
    wrk -t "$threads" -c "$clients" -d "$duration" --timeout "$timeout" \
    -s bench/serve-load.lua "$base/" | sed -n '/^requests/,$p'
errors=$(awk '/^errors/ {print $2}' "$work/result")
[ "$errors" = 0 ] || { echo "serve-load: $errors errors" >&2; exit 1; }
