#!/usr/bin/env bash
# Gate scans through the prod jar against the minimal SQL of a scan run by pgbench on the same
# PostgreSQL in the same run, plus the time of a 500-entry offline batch.
#   1. service peak: wrk, 2 threads, 32 connections, 20 s, fresh scans of 20,000 cards at 8 sites;
#   2. service at half its peak rate (wrk with a per-request delay): p50/p99;
#   3. pgbench, 16 clients, 20 s, bench/gate-scan.pgbench.sql;
#   4. BATCHES (default 5) 500-entry offline batches (curl), median time.
#
#   bash bench/gate.sh          (JAR=other/quarkus-run.jar for another build, BATCHES=21 for more batches)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql pgbench
PORT=18095
DB=chengyu_bench_gate
CARDS=20000
BATCHES=${BATCHES:-5}   # offline batches timed at the end (BATCHES=21 for an A/B of two jars)
SITES=8
BASE="http://localhost:$PORT/api/v1"
trap stop_service EXIT
start_service $DB $PORT
mkdir -p target

ADMIN=$(token admin bench-admin)
: > target/gate-sites.txt
for s in $(seq 1 $SITES); do
    curl -fs -o /dev/null -X PUT "$BASE/sites/bench-$s" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
        -d '{"name":{"zh":"压测","en":"Bench"},"city":"Chengdu","province":"SICHUAN","location":{"lat":30.6,"lon":104.0},
             "openingHours":{"opens":"00:00","closes":"23:59"},"dailyCapacity":1000000,"status":"OPEN"}'
    # its tariff, so that every admission's settlement line is priced (a jar before settlement answers 404: ignored)
    curl -s -o /dev/null -X PUT "$BASE/sites/bench-$s/tariffs/2020-01-01" -H "Authorization: Bearer $ADMIN" \
        -H 'Content-Type: application/json' -d '{"rates":{"ANNUAL":{"ADULT":1500,"SENIOR":800,"MINOR":800}}}'
    echo "bench-$s $(token gate "gate-$s" "bench-$s")" >> target/gate-sites.txt
done

# Cards straight into the database (a fixture, not what is measured): random numbers with a Luhn digit.
seed_cards $DB $CARDS target/gate-card-rows.tsv
cut -f2 target/gate-card-rows.tsv > target/gate-cards.txt

run_wrk() { # seconds [extra env]
    wrk -t2 -c32 -d"$1"s --latency -s bench/gate-scan.lua "http://localhost:$PORT"
}
echo "== warm-up"; run_wrk 10 >/dev/null
echo "== service peak"
peak_out=$(run_wrk 20)
peak=$(echo "$peak_out" | awk '/Requests\/sec/ {print $2}')
echo "$peak_out" | grep -E "Requests/sec|  50%|  99%|Non-2xx|Socket errors" || true

half=$(awk -v p="$peak" 'BEGIN {printf "%d", p / 2}')
delay=$(awk -v p="$peak" 'BEGIN {printf "%d", 32 * 1000 / (p / 2)}')
echo "== service at half its peak (~$half scans/s: $delay ms between requests on each of 32 connections)"
SCAN_DELAY_MS=$delay run_wrk 20 | grep -E "Requests/sec|  50%|  99%|Non-2xx" || true

echo "== decisions recorded by the service"
psql -h localhost -U postgres -At $DB -c "SELECT coalesce(reason, decision), count(*) FROM entry GROUP BY 1 ORDER BY 2 DESC"

echo "== pgbench, the minimal SQL of a scan, 16 clients"
pg_out=$(pgbench -h localhost -U postgres -n -c 16 -j 2 -T 20 -D cards=$CARDS -D sites=$SITES -f bench/gate-scan.pgbench.sql $DB 2>&1)
pg_tps=$(echo "$pg_out" | awk '/^tps/ {print $3}')
echo "$pg_out" | grep -E "latency average|^tps"

echo "== 500-entry offline batches"
times=()
for b in $(seq 1 "$BATCHES"); do
    at=$(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)
    shuf -n 500 target/gate-cards.txt | awk -v at="$at" 'BEGIN {printf "{\"entries\":["}
        { cmd = "cat /proc/sys/kernel/random/uuid"; cmd | getline u; close(cmd);
          printf "%s{\"entryId\":\"%s\",\"cardNumber\":\"%s\",\"scannedAt\":\"%s\"}", (NR > 1 ? "," : ""), u, $1, at }
        END {print "]}"}' > target/gate-batch.json
    t=$(curl -fs -o target/gate-batch-result.json -w '%{time_total}' -X POST "$BASE/sites/bench-1/entries/batch" \
        -H "Authorization: Bearer $(head -1 target/gate-sites.txt | cut -d' ' -f2)" -H 'Content-Type: application/json' \
        --data-binary @target/gate-batch.json)
    times+=("$(awk -v t="$t" 'BEGIN {printf "%.0f", t * 1000}')")
    echo "batch $b: ${times[-1]} ms, $(grep -o '"decision":"ADMITTED"' target/gate-batch-result.json | wc -l) admitted"
done
batch_median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (BATCHES + 1) / 2 ))p")

echo "== summary"
awk -v s="$peak" -v p="$pg_tps" -v b="$batch_median" 'BEGIN {
    printf "service peak %.0f scans/s; pgbench %.0f tps; ratio %.2fx (target at least 0.5x)\n", s, p, s / p;
    printf "500-entry batch: median %d ms (target under 250 ms)\n", b }'
