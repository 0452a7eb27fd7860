#!/usr/bin/env bash
# Measures `inbasket seed --count 1000000` and `inbasket list --limit 50` on the
# result, RUNS times each (default 3), and prints every run and the median.
# Usage: scripts/perf-seed-and-list.sh [RUNS] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
count=${2:-1000000}
cargo build --release --quiet
bin=target/release/inbasket
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ns() { date +%s%N; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
seed_times=()
for i in $(seq "$runs"); do
    rm -f "$work"/q.db*
    start=$(now_ns)
    "$bin" seed --db "$work/q.db" --count "$count" --seed 1 --days 30 --now 2026-11-23T15:00:00Z >/dev/null
    end=$(now_ns)
    t=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", (e - s) / 1e9}')
    echo "seed run $i: $t s"
    seed_times+=("$t")
done
echo "seed $count median: $(printf '%s\n' "${seed_times[@]}" | median) s"
echo "queue file: $(du -h "$work/q.db" | cut -f1)"

for filter in open all; do
    list_times=()
    for i in $(seq 21); do
        start=$(now_ns)
        "$bin" list --db "$work/q.db" --filter "$filter" --limit 50 >/dev/null
        end=$(now_ns)
        list_times+=("$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", (e - s) / 1e6}')")
    done
    echo "list --filter $filter --limit 50, 21 runs: median $(printf '%s\n' "${list_times[@]}" | median) ms, max $(printf '%s\n' "${list_times[@]}" | sort -n | tail -1) ms"
done
