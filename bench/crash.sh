#!/usr/bin/env bash
# Kills `demarche ingest` with SIGKILL at random moments, many times, and
# checks after each kill that the store is whole and that a final
# uninterrupted run completes it with every document exactly once
# (crates/cli/tests/crash.rs).
#
#   bench/crash.sh [ITERATIONS] [SEED]     (default 500, 0x5EED = 24301)
#
# Prints the iterations, how many kills landed mid-run, and the losses (any
# integrity-check failure, half-written document, record count differing
# from an uninterrupted ingest, or document missing at the end); exits 1 on
# any loss.
set -euo pipefail
cd "$(dirname "$0")/.."
export CRASH_ITERATIONS=${1:-500}
export CRASH_SEED=${2:-24301}
log=$(mktemp)
status=0
cargo test --release -p demarche --test crash -- --nocapture >"$log" 2>&1 || status=$?
grep -E '^(crash:|loss:|test result)|panicked' "$log" || tail -30 "$log"
rm -f "$log"
exit "$status"
