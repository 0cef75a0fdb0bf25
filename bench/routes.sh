#!/usr/bin/env bash
# Hot itinerary reads through the service against a static file of the same itinerary served by
# the same process (/samples/itinerary-liquor-culture.json), in the same run: wrk, 2 threads,
# 32 connections, 15 s each after a 5 s warm-up.
#
#   bash bench/routes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql
PORT=18096
trap stop_service EXIT
start_service chengyu_bench_routes $PORT
ITINERARY="http://localhost:$PORT/api/v1/routes/liquor-culture/itinerary"
STATIC="http://localhost:$PORT/samples/itinerary-liquor-culture.json"
echo "itinerary $(curl -fs "$ITINERARY" | wc -c) bytes, static file $(curl -fs "$STATIC" | wc -c) bytes"

measure() { # name url
    wrk -t2 -c32 -d5s "$2" >/dev/null
    wrk -t2 -c32 -d15s --latency "$2" | awk -v n="$1" '
        /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-16s %9.0f req/s   p50 %8s   p99 %8s   non-2xx %d\n", n, rps, p50, p99, bad; print rps > "/tmp/chengyu-routes-" n}'
}
measure static-file "$STATIC"
measure itinerary "$ITINERARY"
awk -v s="$(cat /tmp/chengyu-routes-static-file)" -v i="$(cat /tmp/chengyu-routes-itinerary)" \
    'BEGIN {printf "itinerary / static file: %.2fx (target at least 0.6x)\n", i / s}'
curl -fs "http://localhost:$PORT/q/metrics" | grep -E "^chengyu_(itinerary_cache|redis_errors)_total" || true
