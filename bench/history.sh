#!/usr/bin/env bash
# The gate mix on an empty database and on one with years of history, in one run: bench/gate.sh
# (mix fresh, 8 sites, 20,000 cards by number) first without history, then with HISTORY entries
# (default 10,000,000, each with its settlement line, generated in SQL: minutes), and the ratios of
# the second to the first: scan peak (target at least 0.9x) and p99 at half the peak (at most 1.1x).
#
#   bash bench/history.sh        (HISTORY=2000000 for a shorter run; logs in target/history-*.log)
set -euo pipefail
cd "$(dirname "$0")/.."
HISTORY=${HISTORY:-10000000}
for rows in 0 "$HISTORY"; do
    HISTORY=$rows MIXES=fresh BATCHES=0 bash bench/gate.sh > "target/history-$rows.log" 2>&1 \
        || { tail -20 "target/history-$rows.log"; exit 1; }
    grep "^history:" "target/history-$rows.log" | tail -1 || true
    echo "$rows historical entries: $(grep -m1 '^mix fresh:' "target/history-$rows.log")"
done
empty=$(grep -m1 '^mix fresh:' target/history-0.log)
full=$(grep -m1 '^mix fresh:' "target/history-$HISTORY.log")
peak() { echo "$1" | sed 's/.*service peak \([0-9.]*\) scans.*/\1/'; }
p99() { echo "$1" | sed 's/.*p99 at half the peak \([0-9.]*\)\(ms\|s\).*/\1 \2/' | awk '{print ($2 == "s" ? $1 * 1000 : $1)}'; }
awk -v n="$HISTORY" -v pe="$(peak "$empty")" -v pf="$(peak "$full")" -v qe="$(p99 "$empty")" -v qf="$(p99 "$full")" 'BEGIN {
    printf "with %d historical entries: scan peak %.0f/s against %.0f/s empty: %.2fx (target at least 0.9x); p99 at half the peak %.1f ms against %.1f ms: %.2fx (target at most 1.1x)\n", n, pf, pe, pf / pe, qf, qe, qf / qe }'
