#!/usr/bin/env bash
# Pass minting and card reads under load, through the prod jar on the machine's PostgreSQL and Redis.
# Baseline in the same run: GET /api/v1/pass-keys (in-memory JSON, no database, no token check).
#   1. peak: wrk, 2 threads, 32 connections, 10 s each (after a 5 s warm-up);
#   2. fixed rate: hey at 500 requests/s for 15 s (20 workers x 25/s), p50/p99.
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

HOLDER=$(token holder bench-holder)
ID_NUMBER=11010519491231002X
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

fixed() { # name url [hey args...]
    local name=$1 url=$2; shift 2
    hey -z 15s -c 20 -q 25 "$@" "$url" | awk -v n="$name" '
        /Requests\/sec/ {rps=$2} /  50% in/ {p50=$3} /  99% in/ {p99=$3} /\[2[0-9][0-9]\]/ {ok+=$2} /\[[345][0-9][0-9]\]/ {bad+=$2}
        END {printf "%-14s at %5.0f req/s   p50 %6.2f ms   p99 %6.2f ms   ok %d, errors %d   (hey 500/s)\n", n, rps, p50*1000, p99*1000, ok, bad+0}'
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
echo "== fixed rate 500 requests/s"
fixed baseline "$BASE/pass-keys"
fixed card-read "$BASE/cards/$CARD" -H "Authorization: Bearer $HOLDER"
fixed pass-mint "$BASE/cards/$CARD/passes" -H "Authorization: Bearer $HOLDER" -m POST
