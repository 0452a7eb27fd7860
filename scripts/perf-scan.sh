#!/usr/bin/env bash
# Red-flag scan throughput: `inbasket scan` on seeded message bodies (one per
# line) against `grep -icE` with every phrase of the shipped rules on the same
# file. Prints each run and the medians. Usage: scripts/perf-scan.sh [RUNS] [MESSAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
count=${2:-200000}
cargo build --release --quiet
bin=target/release/inbasket
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" seed --db "$work/q.db" --count "$count" --seed 1 --days 30 --now 2026-11-23T15:00:00Z >/dev/null
python3 - "$work/q.db" "$work/bodies.txt" <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w") as out:
    for (body,) in conn.execute("SELECT body FROM message ORDER BY id"):
        out.write(body.replace("\r", " ").replace("\n", " ") + "\n")
PY
python3 - assets/red-flags.toml "$work/phrases.txt" <<'PY'
import re, sys, tomllib
rules = tomllib.load(open(sys.argv[1], "rb"))
phrases = set()
for category in rules["category"]:
    for phrase in category.get("phrases", []) + category.get("weak_phrases", []):
        phrases.add(re.escape(phrase))
open(sys.argv[2], "w").write("|".join(sorted(phrases)))
PY
. scripts/measure.sh
size=$(stat -c %s "$work/bodies.txt")
mb=$(awk -v b="$size" 'BEGIN {printf "%.1f", b / 1e6}')
machine
echo "input: $count messages, $mb MB"
scan=(); grep_times=()
for i in $(seq "$runs"); do
    scan+=("$(time_it "$bin" scan --format json "$work/bodies.txt")")
    grep_times+=("$(time_it grep -icE "$(cat "$work/phrases.txt")" "$work/bodies.txt")")
done
s=$(printf '%s\n' "${scan[@]}" | median); g=$(printf '%s\n' "${grep_times[@]}" | median)
echo "inbasket scan --format json: runs ${scan[*]} s; median $s s = $(awk -v m="$mb" -v t="$s" 'BEGIN {printf "%.0f", m / t}') MB/s"
echo "grep -icE (phrases only, no context): runs ${grep_times[*]} s; median $g s = $(awk -v m="$mb" -v t="$g" 'BEGIN {printf "%.0f", m / t}') MB/s"
