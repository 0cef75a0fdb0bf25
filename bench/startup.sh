#!/usr/bin/env bash
# Time from `java -jar target/quarkus-app/quarkus-run.jar` to a ready service (/q/health/ready
# answers 200) against the machine's PostgreSQL and Redis, with a JVM hello-world start in the
# same run as the baseline. Prints each run and the medians.
#
#   bash bench/startup.sh [runs]      (default 5; builds the jar when it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need psql
RUNS=${1:-5}

baseline_dir=$(mktemp -d)
echo 'public class Hello { public static void main(String[] a) { System.out.println("ready"); } }' > "$baseline_dir/Hello.java"
javac -d "$baseline_dir" "$baseline_dir/Hello.java"

now_ms() { date +%s%3N; }
service=()
baseline=()
for i in $(seq 1 "$RUNS"); do
    t0=$(now_ms); java -cp "$baseline_dir" Hello >/dev/null; t1=$(now_ms)
    baseline+=($((t1 - t0)))
    # start_service creates the database before it launches the jar; only the launch is timed
    psql -h localhost -U postgres -qc "DROP DATABASE IF EXISTS chengyu_bench_startup" -c "CREATE DATABASE chengyu_bench_startup" postgres >/dev/null 2>&1
    t0=$(now_ms)
    SKIP_CREATE=1 start_service chengyu_bench_startup 18080
    t1=$(now_ms)
    service+=($((t1 - t0)))
    stop_service
    echo "run $i: java -jar ready in ${service[-1]} ms, JVM hello-world ${baseline[-1]} ms"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(median "${service[@]}"); mb=$(median "${baseline[@]}")
echo "median of $RUNS: java -jar ready in $ms ms; JVM hello-world $mb ms (ratio $(awk "BEGIN {printf \"%.0f\", $ms/$mb}"))"
