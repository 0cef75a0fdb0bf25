#!/usr/bin/env bash
# Pass minting and card reads under load, through the prod jar on the machine's PostgreSQL and Redis.
# Baseline in the same run: GET /api/v1/pass-keys (in-memory JSON, no database, no token check).
#   1. peak: wrk, 2 threads, 32 connections, 10 s each (after a 5 s warm-up);
#   2. fixed rate, 15 s each: 500 requests/s from 25 wrk connections that each pause a random time
#      before every request (bench/paced.lua), p50/p90/p99; then the same through hey -c 20 -q 25,
#      whose workers tick in step (25 bursts of 20 a second), for comparison with earlier figures.
#
#   bash bench/cards.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk hey psql
PORT=18090
BASE="http://localhost:$PORT/api/v1"
trap stop_service EXIT
start_service chengyu_bench_cards $PORT

ID_NUMBER=11010519491231002X
HOLDER=$(holder_token bench-holder Bench "$ID_NUMBER")
CARD=$(curl -fs -X POST "$BASE/cards" -H "Authorization: Bearer $HOLDER" -H 'Content-Type: application/json' \
    -H 'Idempotency-Key: bench-card' \
    -d "{\"productCode\":\"ANNUAL\",\"holder\":{\"name\":\"Bench\",\"idNumber\":\"$ID_NUMBER\"}}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "card $CARD"

POST_LUA=$(mktemp --suffix=.lua)
echo 'wrk.method = "POST"' > "$POST_LUA"

peak() { # name url [wrk args...]
    local name=$1 url=$2; shift 2
    wrk -t2 -c32 -d5s "$@" "$url" >/dev/null
    wrk -t2 -c32 -d10s --latency "$@" "$url" | awk -v n="$name" '
        /Requests\/sec/ {rps=$2} / 99%/ {p99=$2} / 50%/ {p50=$2}
        END {printf "%-14s peak %9.0f req/s   p50 %8s   p99 %8s   (wrk -t2 -c32)\n", n, rps, p50, p99; print rps > "/tmp/chengyu-peak-" n}'
}

fixed() { # name method url [wrk args...]: 500 requests/s from 25 connections pausing at random (bench/paced.lua)
    local name=$1 method=$2 url=$3; shift 3
    wrk -t2 -c25 -d15s --latency -s bench/paced.lua "$@" "$url" -- 500 25 "$method" | awk -v n="$name" '
        /Requests\/sec/ {rps=$2} / 99%/ {p99=$2} / 90%/ {p90=$2} / 50%/ {p50=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-14s at %5.0f req/s   p50 %8s   p90 %8s   p99 %8s   non-2xx %d   (wrk paced)\n", n, rps, p50, p90, p99, bad+0}'
}

bursts() { # name url [hey args...]: hey's "500/s", which is 25 bursts of 20 requests a second
    local name=$1 url=$2; shift 2
    hey -z 15s -c 20 -q 25 "$@" "$url" | awk -v n="$name" '
        /Requests\/sec/ {rps=$2} /  50% in/ {p50=$3} /  99% in/ {p99=$3} /\[2[0-9][0-9]\]/ {ok+=$2} /\[[345][0-9][0-9]\]/ {bad+=$2}
        END {printf "%-14s at %5.0f req/s   p50 %6.2f ms   p99 %6.2f ms   ok %d, errors %d   (hey bursts of 20)\n", n, rps, p50*1000, p99*1000, ok, bad+0}'
}

echo "== peak throughput"
peak baseline "$BASE/pass-keys"
peak card-read "$BASE/cards/$CARD" -H "Authorization: Bearer $HOLDER"
peak pass-mint "$BASE/cards/$CARD/passes" -H "Authorization: Bearer $HOLDER" -s "$POST_LUA"
echo "== ratios to the baseline"
base=$(cat /tmp/chengyu-peak-baseline)
for n in card-read pass-mint; do
    awk -v n="$n" -v r="$(cat /tmp/chengyu-peak-$n)" -v b="$base" 'BEGIN {printf "%-14s %.2fx of the baseline peak\n", n, r/b}'
done
echo "== fixed rate 500 requests/s, evenly spread"
fixed baseline GET "$BASE/pass-keys"
fixed card-read GET "$BASE/cards/$CARD" -H "Authorization: Bearer $HOLDER"
fixed pass-mint POST "$BASE/cards/$CARD/passes" -H "Authorization: Bearer $HOLDER"
echo "== 500 requests/s in bursts of 20 (hey -c 20 -q 25)"
bursts baseline "$BASE/pass-keys"
bursts card-read "$BASE/cards/$CARD" -H "Authorization: Bearer $HOLDER"
bursts pass-mint "$BASE/cards/$CARD/passes" -H "Authorization: Bearer $HOLDER" -m POST
