# Shared by the perf-*.sh scripts: timing and medians. Source it; do not run it.

# The median of numbers on standard input, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Nanoseconds since the epoch.
now_ns() { date +%s%N; }

# Seconds (3 decimals) a command takes, its output discarded.
time_it() {
    local start end
    start=$(now_ns); "$@" >/dev/null; end=$(now_ns)
    awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f", (e - s) / 1e9}'
}

machine() { echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"; }
