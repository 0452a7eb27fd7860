#!/usr/bin/env bash
# Times `inbasket report` over a year of a busy practice (COUNT messages, a
# million by default, seeded over 365 days once into target/bench/, the
# queue `cargo bench --bench report` uses) RUNS times each (default 7): the
# whole year, a month in the middle of it, and the last 14 days (what the
# console's dashboard reads). Prints every run, the median and the peak
# resident memory. With OLD=path/to/an/older/inbasket and OLD_QUEUE=a queue
# that one can read, it times that one too, run for run, as a control on a
# noisy machine.
# Usage: scripts/perf-report.sh [RUNS] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
count=${2:-1000000}
cargo build --release --quiet
bin=target/release/inbasket
queue=target/bench/year-$count.db
. scripts/measure.sh
machine
if [ ! -f "$queue" ]; then
    mkdir -p target/bench
    "$bin" seed --db "$queue" --count "$count" --seed 1 --days 365 --now 2026-11-23T15:00:00Z
fi
now=2026-11-23T22:00:00Z
# Reads the file once, so no run pays for a cold page cache.
"$bin" report --db "$queue" --from 2025-11-24 --to 2026-11-23 --now "$now" --format json >/dev/null

measure() {
    local label=$1 exe=$2 db=$3 from=$4 to=$5 times=() t
    for i in $(seq "$runs"); do
        t=$(time_it "$exe" report --db "$db" --from "$from" --to "$to" --now "$now" --format json)
        times+=("$t")
    done
    echo "$label: ${times[*]} s; median $(printf '%s\n' "${times[@]}" | median) s"
}
for period in "2025-11-24 2026-11-23 a year" "2026-06-01 2026-06-30 June" "2026-11-10 2026-11-23 the last 14 days"; do
    set -- $period
    from=$1 to=$2; shift 2
    measure "report, $*" "$bin" "$queue" "$from" "$to"
    if [ -n "${OLD:-}" ]; then
        measure "  the older inbasket, $*" "$OLD" "$OLD_QUEUE" "$from" "$to"
    fi
done
/usr/bin/time -f "report, a year: %M KB resident at most" \
    "$bin" report --db "$queue" --from 2025-11-24 --to 2026-11-23 --now "$now" --format json >/dev/null
