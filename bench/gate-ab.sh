#!/usr/bin/env bash
# bench/gate.sh with two jars in one run, alternated (before, after, before, after, ...), so that a
# change to the gate path is judged against the machine's noise of the same minutes. Each run prints
# its ratio to pgbench (measured in that run); this prints them side by side and their means.
#
#   BEFORE=/path/to/old/quarkus-app/quarkus-run.jar bash bench/gate-ab.sh   (ROUNDS=3 by default;
#   AFTER defaults to this checkout's jar; MIX=outside or passes for another mix). An old jar from a commit:
#   git worktree add /tmp/before <commit> && (cd /tmp/before && ./mvnw -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?BEFORE=path of the jar before the change}"
AFTER=${AFTER:-target/quarkus-app/quarkus-run.jar}
ROUNDS=${ROUNDS:-3}
MIX=${MIX:-fresh}   # the mix of bench/gate.sh compared (fresh: the one of earlier sessions)
[ -f "$AFTER" ] || ./mvnw -B -q package -DskipTests
mkdir -p target
: > target/gate-ab.txt
for round in $(seq 1 "$ROUNDS"); do
    for side in before after; do
        jar=$BEFORE; [ "$side" = after ] && jar=$AFTER
        JAR=$jar MIXES=$MIX BATCHES=${BATCHES:-0} bash bench/gate.sh > "target/gate-ab-$side-$round.log" 2>&1 \
            || { echo "bench/gate.sh failed with $jar:"; tail -20 "target/gate-ab-$side-$round.log"; exit 1; }
        line=$(grep -m1 "^mix $MIX:" "target/gate-ab-$side-$round.log")
        echo "round $round $side: $line"
        echo "$side $(echo "$line" | sed -E 's/.*ratio ([0-9.]+)x.*/\1/') $(echo "$line" | sed -E 's/.*service peak ([0-9]+) .*pgbench ([0-9]+) .*/\1 \2/')" \
            >> target/gate-ab.txt
    done
done
awk '{ n[$1]++; r[$1] += $2; s[$1] += $3; p[$1] += $4 }
     END { for (side in n) printf "%s: mean ratio %.2fx over %d runs (mean %.0f scans/s, pgbench %.0f tps)\n",
                                  side, r[side] / n[side], n[side], s[side] / n[side], p[side] / n[side];
           printf "after / before: %.2f\n", (r["after"] / n["after"]) / (r["before"] / n["before"]) }' target/gate-ab.txt
