#!/usr/bin/env bash
# Measures `inbasket seed --count 1000000` and `inbasket list --limit 50` on the
# result, RUNS times each (default 3), and prints every run and the median;
# then every open message listed with its due time, and a rules change.
# Usage: scripts/perf-seed-and-list.sh [RUNS] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
count=${2:-1000000}
cargo build --release --quiet
bin=target/release/inbasket
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. scripts/measure.sh
machine
seed_times=()
for i in $(seq "$runs"); do
    rm -f "$work"/q.db*
    t=$(time_it "$bin" seed --db "$work/q.db" --count "$count" --seed 1 --days 30 --now 2026-11-23T15:00:00Z)
    echo "seed run $i: $t s"
    seed_times+=("$t")
done
echo "seed $count median: $(printf '%s\n' "${seed_times[@]}" | median) s"
echo "queue file: $(du -h "$work/q.db" | cut -f1), $("$bin" list --db "$work/q.db" --filter all --format json | wc -l) messages"
"$bin" check --db "$work/q.db" | grep 'audit trail'
echo "check: $(time_it "$bin" check --db "$work/q.db") s"

for filter in open all overdue; do
    list_times=()
    for i in $(seq 21); do
        start=$(now_ns)
        "$bin" list --db "$work/q.db" --filter "$filter" --limit 50 --now 2026-11-23T15:00:00Z >/dev/null
        end=$(now_ns)
        list_times+=("$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", (e - s) / 1e6}')")
    done
    echo "list --filter $filter --limit 50, 21 runs: median $(printf '%s\n' "${list_times[@]}" | median) ms, max $(printf '%s\n' "${list_times[@]}" | sort -n | tail -1) ms"
done

# Every open message with its due time and overdue-by, as JSON.
open_times=()
for i in $(seq 3); do
    open_times+=("$(time_it "$bin" list --db "$work/q.db" --filter open --format json --now 2026-11-23T15:00:00Z)")
done
echo "list --filter open --format json ($("$bin" list --db "$work/q.db" --filter open --format json | wc -l) messages), 3 runs: ${open_times[*]} s, median $(printf '%s\n' "${open_times[@]}" | median) s"

# A changed rule file: the next list reassesses every message.
{ cat assets/red-flags.toml; echo "# changed"; } > "$work/changed.toml"
/usr/bin/time -f "list after a rules change (reassesses all): %e s, %M KB resident" \
    "$bin" list --db "$work/q.db" --rules "$work/changed.toml" --limit 1 >/dev/null
/usr/bin/time -f "list again (nothing to reassess): %e s, %M KB resident" \
    "$bin" list --db "$work/q.db" --rules "$work/changed.toml" --limit 1 >/dev/null
