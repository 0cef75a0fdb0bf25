#!/usr/bin/env bash
# Hot itinerary reads through the service against their ceiling: a bare Quarkus REST app
# (bench/ceiling: quarkus-rest alone, one @NonBlocking GET) answering the same bytes, with the same
# ETag, from memory, in the same run with the same wrk settings (2 threads, 32 connections, 15 s each
# after a 5 s warm-up). Before measuring, each URL is checked to answer 200 with all the bytes and 304
# to the ETag.
#   1. the liquor-culture itinerary as JSON (200);
#   2. the same with If-None-Match: its ETag (304, no body);
#   3. both again against the same bytes from a bare router route of the ceiling app (no REST layer);
# each measured ceiling, service, ceiling, and compared with the mean of the two ceiling runs
# around it (the machine is shared and its speed drifts).
#
#   bash bench/routes.sh      (builds the service and the ceiling app when their jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql
PORT=18096
CEILING_PORT=18097
[ -f "$CEILING_JAR" ] || ./mvnw -B -q -f bench/ceiling/pom.xml package -DskipTests
trap stop_all EXIT
! curl -s -o /dev/null "http://localhost:$CEILING_PORT/" || { echo "port $CEILING_PORT is taken: stop what runs there"; exit 1; }
start_service chengyu_bench_routes $PORT
mkdir -p target

ITINERARY="http://localhost:$PORT/api/v1/routes/liquor-culture/itinerary"
CEILING="http://localhost:$CEILING_PORT/ceiling"
CEILING_ROUTER="http://localhost:$CEILING_PORT/ceiling-router"
curl -fs -D target/routes-itinerary.headers -o target/routes-itinerary.json "$ITINERARY"
ETAG=$(awk 'tolower($1) == "etag:" {print $2}' target/routes-itinerary.headers | tr -d '\r')
start_ceiling $CEILING_PORT target/routes-itinerary.json application/json "$ETAG"

# expect URL HEADER STATUS BYTES: what is measured answers as it should (wrk counts only 4xx and 5xx as errors)
expect() {
    local got
    got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' ${2:+-H "$2"} "$1")
    [ "$got" = "$3 $4" ] || { echo "$1 ${2:-} answered '$got', expected '$3 $4'"; exit 1; }
}
SIZE=$(wc -c < target/routes-itinerary.json)
for url in "$ITINERARY" "$CEILING" "$CEILING_ROUTER"; do
    expect "$url" "" 200 "$SIZE"
    expect "$url" "If-None-Match: $ETAG" 304 0
done
echo "itinerary $(wc -c < target/routes-itinerary.json) bytes, ETag $ETAG; the ceiling serves the same bytes"

# measure NAME URL [HEADER]: prints a line and leaves the rate in target/routes-NAME
measure() {
    local header=()
    [ -z "${3:-}" ] || header=(-H "$3")
    wrk -t2 -c32 -d5s ${header[@]+"${header[@]}"} "$2" >/dev/null
    wrk -t2 -c32 -d15s --latency ${header[@]+"${header[@]}"} "$2" | awk -v n="$1" '
        /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-22s %9.0f req/s   p50 %8s   p99 %8s   non-2xx/3xx %d\n", n, rps, p50, p99, bad; print rps > "target/routes-" n}'
}
rate() { cat "target/routes-$1"; }
# compare NAME URL_SERVICE URL_CEILING [HEADER]
compare() {
    measure "ceiling-$1-a" "$3" "${4:-}"
    measure "service-$1" "$2" "${4:-}"
    measure "ceiling-$1-b" "$3" "${4:-}"
    awk -v s="$(rate "service-$1")" -v a="$(rate "ceiling-$1-a")" -v b="$(rate "ceiling-$1-b")" -v n="$1" -v t="$5" \
        'BEGIN {printf "%s: service / ceiling %.2fx (%.0f against %.0f req/s; target at least %s)\n", n, s / ((a + b) / 2), s, (a + b) / 2, t}' \
        | tee -a target/routes-summary
}
: > target/routes-summary
compare itinerary "$ITINERARY" "$CEILING" "" 0.8x
compare not-modified "$ITINERARY" "$CEILING" "If-None-Match: $ETAG" 0.9x
# The stricter ceiling: the same bytes from a bare router route of the same app (the service answers ready
# copies from a router route too, so this is the like-for-like comparison of that path).
compare itinerary-vs-router "$ITINERARY" "$CEILING_ROUTER" "" "-, for information"
compare not-modified-vs-router "$ITINERARY" "$CEILING_ROUTER" "If-None-Match: $ETAG" "-, for information"
echo "== summary"
cat target/routes-summary
curl -fs "http://localhost:$PORT/q/metrics" | grep -E "^chengyu_(itinerary_cache|redis_errors)_total" || true
