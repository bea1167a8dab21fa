#!/usr/bin/env bash
# Fuzzes the readers and the text stages: bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Targets (fuzz/fuzz_targets/): html (the HTML reader), feed (RSS and Atom),
# jsonl (JSON Lines), text (the text reader, sentences, tokens and the whole
# pipeline, with every record's span checked against the text). Each runs
# for SECONDS_PER_TARGET (default 600) from the seeds in fuzz/seeds/<target>
# plus the corpus it grew before (fuzz/corpus/<target>, not committed).
# Prints each target's runtime, executions and crashes; a crash's input is
# kept in fuzz/artifacts/<target>/. Exits 1 when any target crashed.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly
# flags to rustc; on a stable toolchain RUSTC_BOOTSTRAP=1 allows them. The
# sanitizer defaults to none (safe Rust; more executions per second); set
# FUZZ_SANITIZER=address for AddressSanitizer. Builds go to
# $CARGO_TARGET_DIR/fuzz (default target/fuzz).
set -uo pipefail
cd "$(dirname "$0")/../fuzz"

secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(html feed jsonl text)
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/../target}/fuzz"
sanitizer=${FUZZ_SANITIZER:-none}

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "bench/fuzz.sh: cargo-fuzz is missing (cargo install cargo-fuzz)" >&2
    exit 2
fi

status=0
summary=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    cargo fuzz build --release -s "$sanitizer" "$t" >&2 || { echo "bench/fuzz.sh: $t did not build" >&2; exit 2; }
    before=$(find "artifacts/$t" -type f | wc -l)
    log=$(mktemp)
    start=$(date +%s)
    cargo fuzz run --release -s "$sanitizer" "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 \
        -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    end=$(date +%s)
    after=$(find "artifacts/$t" -type f | wc -l)
    crashes=$((after - before))
    [ $rc -ne 0 ] && [ $crashes -eq 0 ] && crashes=1
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    summary+=("$(printf '%-6s %6ss  %10s runs  %d crashes' "$t" "$((end - start))" "${execs:-?}" "$crashes")")
    if [ $crashes -gt 0 ]; then
        status=1
        echo "== $t crashed; the end of its log ($log):" >&2
        tail -40 "$log" >&2
        ls -1 "artifacts/$t" >&2
    else
        rm -f "$log"
    fi
done
echo "fuzz: $secs s per target (sanitizer: $sanitizer)"
printf '%s\n' "${summary[@]}"
exit $status
