#!/usr/bin/env bash
# Journeys under load, each figure against its baseline in the same run:
#   1. journey reads (GET /cards/{id}/journeys) of a card whose lineage has 1,000 admitted visits, among
#      200,000 entries of other cards, at 200 requests/s spread over 10 connections (bench/paced.lua),
#      against GET /pass-keys paced the same way, measured before and after it: p99 ratio (target at most 3x);
#   2. live route status reads (GET /routes/liquor-culture/live) against the same bytes served from memory by
#      the bare Quarkus REST app (bench/ceiling), measured ceiling, service, ceiling (wrk, 2 threads, 32
#      connections, 5 s warm-up of each, 15 s each; target at least 0.6x).
#
#   bash bench/journeys.sh      (builds the service and the ceiling app when their jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql
PORT=18100
CEILING_PORT=18101
DB=chengyu_bench_journeys
BASE="http://localhost:$PORT/api/v1"
[ -f "$CEILING_JAR" ] || ./mvnw -B -q -f bench/ceiling/pom.xml package -DskipTests
trap stop_all EXIT
! curl -s -o /dev/null "http://localhost:$CEILING_PORT/" || { echo "port $CEILING_PORT is taken: stop what runs there"; exit 1; }
start_service $DB $PORT
mkdir -p target

# 1,001 cards; card 1 activated two years ago with 1,000 admissions spread over the launch sites and those
# two years, the others with 200 each: what a journey read scans is its own lineage's entries only.
seed_cards $DB 1001 target/journey-card-rows.tsv
psql -h localhost -U postgres -q $DB <<'SQL' >/dev/null
UPDATE card SET status = 'ACTIVE', activated_at = now() - interval '730 days', valid_until = now() + interval '365 days';
INSERT INTO entry (entry_id, site_code, gate_subject, card_id, lineage_id, decision, business_day, scanned_at, recorded_at,
                   request_hash)
SELECT gen_random_uuid(), sites.codes[1 + (n % array_length(sites.codes, 1))], 'bench-gate', c.id, c.lineage_id, 'ADMITTED',
       (now() - (n * interval '17 hours'))::date, now() - (n * interval '17 hours'), now() - (n * interval '17 hours'), 'bench'
FROM card c JOIN bench_card b ON b.number = c.number
     CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM site) sites
     CROSS JOIN LATERAL generate_series(1, CASE WHEN b.i = 1 THEN 1000 ELSE 200 END) n;
ANALYZE;
SQL
CARD=$(psql -h localhost -U postgres -At $DB -c "SELECT c.id FROM card c JOIN bench_card b ON b.number = c.number WHERE b.i = 1")
OWNER=$(token holder bench-owner-1)
VISITS=$(psql -h localhost -U postgres -At $DB -c "SELECT count(*) FROM entry e JOIN card c ON c.lineage_id = e.lineage_id WHERE c.id = '$CARD'")
echo "card with $VISITS visits; $(psql -h localhost -U postgres -At $DB -c "SELECT count(*) FROM entry") entries in all"
JOURNEYS="$BASE/cards/$CARD/journeys"
curl -fs -H "Authorization: Bearer $OWNER" "$JOURNEYS" -o target/journeys.json
echo "journeys: $(wc -c < target/journeys.json) bytes, $(grep -o '"route"' target/journeys.json | wc -l) routes"

: > target/journeys-summary
# paced NAME URL [wrk options]: 200 requests/s from 10 connections pausing at random; leaves "rate p50 p99" (ms)
paced() {
    local name=$1 url=$2
    shift 2
    wrk -t2 -c10 -d15s --latency -s bench/paced.lua "$@" "$url" -- 200 10 | awk -v n="$name" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-22s at %5.0f req/s   p50 %8s   p99 %8s   non-2xx %d   (wrk paced)\n", n, rps, p50, p99, bad+0;
             print rps, ms(p50), ms(p99) > "target/journeys-" n}'
}
# run_wrk NAME SECONDS URL: peak rate (2 threads, 32 connections); leaves the rate
run_wrk() {
    local name=$1 seconds=$2 url=$3
    wrk -t2 -c32 -d"${seconds}s" --latency "$url" | awk -v n="$name" '
        /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-22s %9.0f req/s   p50 %8s   p99 %8s   non-2xx/3xx %d\n", n, rps, p50, p99, bad; print rps > "target/journeys-" n}'
}
p99() { awk '{print $3}' "target/journeys-$1"; }
rate() { awk '{print $1}' "target/journeys-$1"; }

echo "== journey reads at 200 requests/s against GET /pass-keys paced the same way"
wrk -t2 -c10 -d10s -H "Authorization: Bearer $OWNER" "$JOURNEYS" >/dev/null      # warm-up
wrk -t2 -c10 -d5s "$BASE/pass-keys" >/dev/null
paced pass-keys-a "$BASE/pass-keys"
paced journeys "$JOURNEYS" -H "Authorization: Bearer $OWNER"
paced pass-keys-b "$BASE/pass-keys"
awk -v j="$(p99 journeys)" -v a="$(p99 pass-keys-a)" -v b="$(p99 pass-keys-b)" \
    'BEGIN {printf "journeys: p99 %.2f ms against GET /pass-keys %.2f ms: %.2fx (target at most 3x)\n", j, (a + b) / 2, j / ((a + b) / 2)}' \
    | tee -a target/journeys-summary

echo "== live route status reads"
LIVE="$BASE/routes/liquor-culture/live"
CEILING="http://localhost:$CEILING_PORT/ceiling"
curl -fs -o target/journeys-live.json "$LIVE"
start_ceiling $CEILING_PORT target/journeys-live.json application/json '"live"'
echo "live status $(wc -c < target/journeys-live.json) bytes"
run_wrk ceiling-warm-up 5 "$CEILING" >/dev/null
run_wrk live-warm-up 5 "$LIVE" >/dev/null
run_wrk ceiling-a 15 "$CEILING"
run_wrk service-live 15 "$LIVE"
run_wrk ceiling-b 15 "$CEILING"
cmp -s target/journeys-live.json <(curl -fs "$LIVE") || echo "(the live status changed while measured: a session ended)"
awk -v s="$(rate service-live)" -v a="$(rate ceiling-a)" -v b="$(rate ceiling-b)" \
    'BEGIN {printf "live status: service / static ceiling %.2fx (%.0f against %.0f req/s; target at least 0.6x)\n", s / ((a + b) / 2), s, (a + b) / 2}' \
    | tee -a target/journeys-summary
echo "== summary"
cat target/journeys-summary
curl -fs "http://localhost:$PORT/q/metrics" | grep -E "^chengyu_live_route_reads_total" || true
