#!/usr/bin/env bash
# Kills `inbasket act` with SIGKILL at random moments, ROUNDS times, on a
# release build, then checks that every action it confirmed is in the queue
# and that `inbasket check` passes. Prints how many were killed and confirmed.
# Usage: scripts/crash-test.sh [ROUNDS] [WINDOW_MICROSECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
INBASKET_CRASH_ROUNDS=${1:-500} INBASKET_CRASH_WINDOW_US=${2:-30000} \
    cargo test --release --quiet --test crash -- --nocapture 2>&1 | grep -E "crash test|test result|panicked"
