#!/usr/bin/env bash
# Online gate scans by pass against scans by card number, through the prod jar on the machine's
# PostgreSQL and Redis. The card-number scan is the baseline in the same run: the pass adds its
# ES256 verification and nothing else, so the ratio shows what verifying a pass costs.
#   Both: wrk, 2 threads, 32 connections, 5 s warm-up then 15 s (passes live 60 s, so they are
#   minted just before their run). Repeated scans of the same cards: most decisions are
#   ALREADY_ENTERED, which is recorded like any other.
#
#   bash bench/pass-scan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql
PORT=18097
BASE="http://localhost:$PORT/api/v1"
CARDS=100
trap stop_service EXIT
start_service chengyu_bench_pass_scan $PORT
mkdir -p target

bench_site "$BASE" bench-pass
echo "bench-pass $(token gate gate-pass bench-pass)" > target/pass-scan-site.txt

# ID numbers with a valid MOD 11-2 check character, one per holder.
id_number() {
    local body check sum=0 weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) i
    body=$(printf '51010419%02d%02d%02d%03d' $((70 + $1 % 25)) $((1 + $1 % 12)) $((1 + $1 % 28)) $(($1 % 1000)))
    for i in $(seq 0 16); do sum=$((sum + ${body:$i:1} * weights[i])); done
    check="10X98765432"; echo "$body${check:$((sum % 11)):1}"
}
: > target/pass-scan-numbers.txt
holders=()
cards=()
for i in $(seq 1 $CARDS); do
    holder=$(holder_token "pass-holder-$i" Bench "$(id_number "$i")")
    answer=$(curl -fs -X POST "$BASE/cards" -H "Authorization: Bearer $holder" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: pass-bench-$i" -d "{\"productCode\":\"ANNUAL\",\"holder\":{\"name\":\"Bench\",\"idNumber\":\"$(id_number "$i")\"}}")
    holders+=("$holder")
    cards+=("$(echo "$answer" | sed 's/.*"id":"\([^"]*\)".*/\1/')")
    echo "$answer" | sed 's/.*"number":"\([^"]*\)".*/\1/' >> target/pass-scan-numbers.txt
done

mint_passes() {
    : > target/pass-scan-passes.txt
    for i in $(seq 0 $((CARDS - 1))); do
        curl -fs -X POST "$BASE/cards/${cards[$i]}/passes" -H "Authorization: Bearer ${holders[$i]}" \
            | sed 's/.*"token":"\([^"]*\)".*/\1/' >> target/pass-scan-passes.txt; echo >> target/pass-scan-passes.txt
    done
}

run() { # by
    SCAN_BY=$1 wrk -t2 -c32 -d5s -s bench/pass-scan.lua "http://localhost:$PORT" >/dev/null
    SCAN_BY=$1 wrk -t2 -c32 -d15s --latency -s bench/pass-scan.lua "http://localhost:$PORT" | awk -v n="$1" '
        /Requests\/sec/ {rps=$2} / 99%/ {p99=$2} / 50%/ {p50=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-12s peak %7.0f scans/s   p50 %8s   p99 %8s   non-2xx %d\n", n, rps, p50, p99, bad+0; print rps > "/tmp/chengyu-pass-scan-" n}'
}

echo "== scans by card number (baseline)"
run number
echo "== scans by pass"
mint_passes
run pass
echo "== decisions recorded"
psql -h localhost -U postgres -At chengyu_bench_pass_scan -c "SELECT coalesce(reason, decision), count(*) FROM entry GROUP BY 1 ORDER BY 2 DESC"
awk -v p="$(cat /tmp/chengyu-pass-scan-pass)" -v n="$(cat /tmp/chengyu-pass-scan-number)" \
    'BEGIN {printf "pass scans at %.2fx the rate of card-number scans\n", p / n}'
