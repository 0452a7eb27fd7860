#!/usr/bin/env bash
# The console on a 1,000,000-message queue, in a real terminal (tmux): time
# from process start to the first full screen, the time from each key to its
# frame (navigation, views, search), and peak resident memory. The console
# writes its own timings to the file INBASKET_TIMINGS names (no message text).
# Usage: scripts/perf-console.sh [RUNS] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
count=${2:-1000000}
cargo build --release --quiet
bin=$PWD/target/release/inbasket
work=$(mktemp -d)
socket="$work/tmux.sock"
trap 'tmux -S "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

. scripts/measure.sh
machine
echo "seeding $count messages: $(time_it "$bin" seed --db "$work/q.db" --count "$count" --seed 1 --days 30) s"

lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
# Sends one key and waits (up to 5 s) for the frame that answers it.
key() {
    local file=$1 before
    shift
    before=$(lines "$file")
    tmux -S "$socket" send-keys -t perf "$@"
    for _ in $(seq 500); do
        [ "$(lines "$file")" -gt "$before" ] && return 0
        sleep 0.01
    done
    echo "no frame after key $*" >&2
}

for run in $(seq "$runs"); do
    timings="$work/timings-$run.txt"
    tmux -S "$socket" new-session -d -s perf -x 160 -y 45 \
        "INBASKET_TIMINGS=$timings TERM=xterm-256color $bin --db $work/q.db --nurse 'RN Perf'"
    for _ in $(seq 1000); do grep -q first_frame "$timings" 2>/dev/null && break; sleep 0.01; done
    for _ in $(seq 20); do key "$timings" j; done
    for _ in $(seq 10); do key "$timings" k; done
    for _ in $(seq 10); do key "$timings" C-d; done
    key "$timings" G; key "$timings" g
    for view in 2 3 4 5 1 f f f; do key "$timings" "$view"; done
    key "$timings" 5; key "$timings" G; key "$timings" C-u; key "$timings" g; key "$timings" 1
    key "$timings" /
    for c in g a r c i a; do key "$timings" "$c"; done
    key "$timings" Enter
    for _ in $(seq 5); do key "$timings" n; done
    for _ in $(seq 3); do key "$timings" N; done
    key "$timings" Escape
    key "$timings" Tab
    for _ in $(seq 5); do key "$timings" j; done
    key "$timings" Space; key "$timings" Escape
    # The console is the child of the pane's shell.
    pane=$(tmux -S "$socket" display-message -p -t perf '#{pane_pid}')
    pid=$(pgrep -P "$pane" | head -1 || true)
    [ -n "$pid" ] || pid=$pane
    # Its own file: the console still writes the timings file at its own offset.
    grep VmHWM "/proc/$pid/status" | awk '{print "peak_rss_kb", $2}' >"$work/rss-$run.txt" || true
    tmux -S "$socket" send-keys -t perf q
    sleep 0.2
    tmux -S "$socket" send-keys -t perf Escape # skips the shift's stress rating
    for _ in $(seq 300); do tmux -S "$socket" has-session -t perf 2>/dev/null || break; sleep 0.01; done
done

python3 - "$work"/timings-*.txt "$work"/rss-*.txt <<'PY'
import statistics, sys
first, keys, rss, by_kind = [], [], [], {}
for path in sys.argv[1:]:
    for line in open(path):
        parts = line.split()
        if parts[0] == "first_frame_ms":
            first.append(float(parts[1]))
        elif parts[0] == "key_ms":
            keys.append(float(parts[1]))
            by_kind.setdefault(parts[2], []).append(float(parts[1]))
        elif parts[0] == "peak_rss_kb":
            rss.append(int(parts[1]))
def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]
print("first full screen (ms), runs:", " ".join(f"{v:.1f}" for v in first), f"median {statistics.median(first):.1f}")
print(f"key to frame (ms), {len(keys)} keys: median {statistics.median(keys):.2f}, p99 {p(keys, 0.99):.2f}, max {max(keys):.2f}")
for kind, values in sorted(by_kind.items()):
    print(f"  {kind}: {len(values)} keys, median {statistics.median(values):.2f}, p99 {p(values, 0.99):.2f}, max {max(values):.2f}")
if rss:
    print("peak resident memory (MB), runs:", " ".join(f"{v / 1024:.1f}" for v in rss), f"max {max(rss) / 1024:.1f}")
else:
    print("peak resident memory: not captured")
PY
