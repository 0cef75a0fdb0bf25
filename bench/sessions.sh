#!/usr/bin/env bash
# Timed entry under load, each figure against its ceiling in the same run:
#   1. (measured second) availability reads (GET /sites/{code}/sessions, what every app polls on a holiday morning)
#      against the same bytes served from memory by a bare Quarkus REST app (bench/ceiling),
#      measured ceiling, service, ceiling (wrk, 2 threads, 32 connections, 5 s warm-up of each + 15 s);
#   2. (measured first) bookings/s through the service after a 20 s warm-up (the JIT compiles for most of the first
#      20 s), every request a new seat (card, site and day never repeat),
#      against pgbench running the minimal SQL of a booking (bench/booking.pgbench.sql: the read a
#      booking is judged on, then the seat and the reservation) on the same PostgreSQL with 16
#      clients, in pgbench's default protocol (as bench/gate.sh) and in its prepared mode.
#
#   bash bench/sessions.sh      (builds the service and the ceiling app when their jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql pgbench
PORT=18098
CEILING_PORT=18099
DB=chengyu_bench_sessions
CARDS=1000
SITES=8
BASE="http://localhost:$PORT/api/v1"
[ -f "$CEILING_JAR" ] || ./mvnw -B -q -f bench/ceiling/pom.xml package -DskipTests
trap stop_all EXIT
! curl -s -o /dev/null "http://localhost:$CEILING_PORT/" || { echo "port $CEILING_PORT is taken: stop what runs there"; exit 1; }
start_service $DB $PORT
mkdir -p target

# Sites bench-1 … bench-32, each with one session the whole day; a run of bookings takes 8 of them.
ADMIN=$(token admin bench-admin)
for s in $(seq 1 $((SITES * 4))); do
    curl -fs -o /dev/null -X PUT "$BASE/sites/bench-$s" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
        -d '{"name":{"zh":"压测","en":"Bench"},"city":"Chengdu","province":"SICHUAN","location":{"lat":30.6,"lon":104.0},
             "openingHours":{"opens":"00:00","closes":"23:59"},"dailyCapacity":1000000,"status":"OPEN",
             "sessions":[{"code":"all","name":{"zh":"全天","en":"All day"},"opens":"00:00","closes":"23:59",
                          "capacity":1000000,"reservation":"OPTIONAL"}]}'
done
for d in $(seq 1 7); do date -d "TZ=\"Asia/Shanghai\" $(TZ=Asia/Shanghai date +%F) + $d days" +%F; done > target/booking-dates.txt

# Cards straight into the database (as bench/gate.sh), each with its owner's token.
seed_cards $DB $CARDS target/booking-card-rows.tsv
psql -h localhost -U postgres -At $DB -c "SELECT id, owner_subject FROM card ORDER BY owner_subject" | while IFS='|' read -r id owner; do
    echo "$id $(token holder "$owner")"
done > target/booking-cards.txt
echo "$(wc -l < target/booking-cards.txt) cards with their owners' tokens; $((SITES * 4)) sites"

# run_wrk NAME SECONDS URL [wrk options]: prints a line and leaves the rate in target/sessions-NAME
run_wrk() {
    local name=$1 seconds=$2 url=$3
    shift 3
    wrk -t2 -c32 -d"${seconds}s" --latency "$@" "$url" | awk -v n="$name" '
        /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-22s %9.0f req/s   p50 %8s   p99 %8s   non-2xx/3xx %d\n", n, rps, p50, p99, bad; print rps > "target/sessions-" n}'
}
rate() { cat "target/sessions-$1"; }
: > target/sessions-summary

echo "== bookings through the service"
SITES=$SITES SITE_BASE=0 run_wrk booking-warm-up 20 "http://localhost:$PORT" -s bench/booking.lua >/dev/null
SITES=$SITES SITE_BASE=$SITES run_wrk service-bookings 15 "http://localhost:$PORT" -s bench/booking.lua
psql -h localhost -U postgres -At $DB -c "SELECT 'reservations booked: ' || count(*) FROM reservation"
# pgbench's default protocol, as bench/gate.sh runs it (each statement parsed and planned on every call),
# and its prepared mode (planned once per connection, as the service's cached prepared statements are).
for mode in simple prepared; do
    echo "== pgbench, the minimal SQL of a booking (the read it is judged on, the seat and reservation), 16 clients, -M $mode"
    pg_out=$(pgbench -h localhost -U postgres -n -c 16 -j 2 -T 15 -M $mode -D cards=$CARDS -D sites=$SITES \
        -f bench/booking.pgbench.sql $DB 2>&1)
    echo "$pg_out" | grep -E "latency average|^tps|error" | head -3
    echo "$pg_out" | awk '/^tps/ {print $3}' > target/sessions-pgbench-$mode
done
awk -v s="$(rate service-bookings)" -v p="$(rate pgbench-simple)" -v q="$(rate pgbench-prepared)" \
    'BEGIN {printf "bookings: service / pgbench %.2fx (%.0f bookings/s against %.0f tps; target at least 0.5x); against -M prepared (%.0f tps) %.2fx\n", s / p, s, p, q, s / q}' \
    | tee -a target/sessions-summary

echo "== availability reads"
DAY=$(head -1 target/booking-dates.txt)
AVAILABILITY="$BASE/sites/bench-$((SITES + 1))/sessions?date=$DAY"
CEILING="http://localhost:$CEILING_PORT/ceiling"
curl -fs -o target/sessions-availability.json "$AVAILABILITY"
start_ceiling $CEILING_PORT target/sessions-availability.json application/json '"availability"'
cmp -s target/sessions-availability.json <(curl -fs "$AVAILABILITY") || { echo "the availability changed while measured"; exit 1; }
echo "availability $(wc -c < target/sessions-availability.json) bytes: $(cat target/sessions-availability.json)"
run_wrk ceiling-warm-up 5 "$CEILING" >/dev/null
run_wrk availability-warm-up 5 "$AVAILABILITY" >/dev/null
run_wrk ceiling-a 15 "$CEILING"
run_wrk service-availability 15 "$AVAILABILITY"
run_wrk ceiling-b 15 "$CEILING"
awk -v s="$(rate service-availability)" -v a="$(rate ceiling-a)" -v b="$(rate ceiling-b)" \
    'BEGIN {printf "availability: service / static ceiling %.2fx (%.0f against %.0f req/s; target at least 0.6x)\n", s / ((a + b) / 2), s, (a + b) / 2}' \
    | tee -a target/sessions-summary
echo "== summary"
cat target/sessions-summary
curl -fs "http://localhost:$PORT/q/metrics" | grep -E "^chengyu_bookings_total" | head -5 || true
