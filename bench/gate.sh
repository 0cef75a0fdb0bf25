#!/usr/bin/env bash
# Gate scans through the prod jar against the minimal SQL of a scan run by pgbench on the same
# PostgreSQL in the same run, for each mix of scans gates send, then the time of 500-entry offline
# batches against the online peak, and the service's resident memory under load.
#   Mixes (MIXES="fresh outside passes" by default; each: 20 s at peak with wrk, 2 threads and 32
#   connections, after a warm-up; 20 s at half that rate for its p50/p99; pgbench, 16 clients, 20 s,
#   bench/gate-scan.pgbench.sql over the mix's sites and cards):
#     fresh    8 sites, 20,000 cards, fresh scans by card number (the mix of earlier sessions);
#     outside  50 sites, 2,000 cards by card number, 10% of requests a gate's retry of an earlier
#              scan: ALREADY_ENTERED and replays happen (as an outside benchmark tried it);
#     passes   50 sites, scans by signed pass of 500 cards (minted just before: they live 60 s).
#   Then BATCHES (default 5, after BATCH_WARMUP=30 not counted; none with BATCHES=0) 500-entry offline
#   batches (curl), each at another site: median time, entries/s, and that rate over the best online
#   peak of the run. The warm-up gives a batch's per-entry code about as many runs as the online
#   mixes' warm-up gives a scan's (15,000 entries against 15 s of scans): with 3 warm-up batches the
#   counted ones ran partly before the JIT had compiled it.
#
#   With HISTORY=N the database first gets N historical entries of those cards (admitted over the
#   N / 20,000 days before last week, each with its settlement line), generated in SQL.
#
#   bash bench/gate.sh     (JAR=other/quarkus-run.jar for another build, MIXES=fresh for one mix,
#                           SERVICE_HEAP=1g for another heap than the image's 384m, HISTORY=10000000;
#                           bench/history.sh compares a run with history to one without)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql pgbench python3
PORT=18095
DB=chengyu_bench_gate
CARDS=20000
SITES=50
BATCHES=${BATCHES:-5}
BATCH_WARMUP=${BATCH_WARMUP:-30}
MIXES=${MIXES:-fresh outside passes}
BASE="http://localhost:$PORT/api/v1"
trap stop_service EXIT
# The heap the container image gives the service under the Kubernetes limit (768 Mi, MaxRAMPercentage=50).
JAVA_TOOL_OPTIONS="-Xmx${SERVICE_HEAP:-384m}" start_service $DB $PORT
mkdir -p target

ADMIN=$(token admin bench-admin)
: > target/gate-sites.txt
for s in $(seq 1 $SITES); do
    bench_site "$BASE" "bench-$s"
    # its tariff, so that every admission's settlement line is priced (a jar before settlement answers 404: ignored)
    curl -s -o /dev/null -X PUT "$BASE/sites/bench-$s/tariffs/2020-01-01" -H "Authorization: Bearer $ADMIN" \
        -H 'Content-Type: application/json' -d '{"rates":{"ANNUAL":{"ADULT":1500,"SENIOR":800,"MINOR":800}}}'
    echo "bench-$s $(token gate "gate-$s" "bench-$s")" >> target/gate-sites.txt
done

# Cards straight into the database (a fixture, not what is measured): random numbers with a Luhn digit.
seed_cards $DB $CARDS target/gate-card-rows.tsv
cut -f2 target/gate-card-rows.tsv > target/gate-cards.txt

# History (a fixture, not what is measured): entry i of N is card i mod 20,000 at site i mod 50 on the
# day i / 20,000 days before last week, admitted with its limit key and a PAYABLE settlement line,
# loaded a million at a time with triggers off (the rows are consistent by construction).
if [ "${HISTORY:-0}" -gt 0 ]; then
    started=$(date +%s)
    # the months the history falls in, made as the service makes them (a jar before monthly partitions has none to make)
    if [ "$(psql -h localhost -U postgres -At $DB -c "SELECT to_regproc('create_month_partitions') IS NOT NULL")" = t ]; then
        psql -h localhost -U postgres -q -At -v ON_ERROR_STOP=1 $DB -c "SELECT count(create_month_partitions(m::date))
            FROM generate_series(date_trunc('month', current_date - 8 - $((HISTORY / CARDS + 1))), current_date, interval '1 month') m" \
            | sed 's/^/history: partitions made for months: /'
    fi
    for from in $(seq 0 1000000 $((HISTORY - 1))); do
        to=$(( from + 1000000 < HISTORY ? from + 1000000 : HISTORY ))
        psql -h localhost -U postgres -q -v ON_ERROR_STOP=1 $DB <<SQL
SET session_replication_role = replica;
WITH entries AS (
    INSERT INTO entry (entry_id, site_code, gate_subject, card_id, lineage_id, decision, business_day, scanned_at,
                       recorded_at, request_hash, limit_key)
    SELECT gen_random_uuid(), h.site, 'history', c.id, c.lineage_id, 'ADMITTED', h.day, h.day + time '10:00',
           h.day + time '10:00', 'history', h.site || '/' || h.day
    FROM (SELECT 'bench-' || (1 + g % $SITES) AS site, current_date - 8 - (g / $CARDS)::int AS day, 1 + g % $CARDS AS i
          FROM generate_series($from, $to - 1) g) h
    JOIN bench_card b ON b.i = h.i JOIN card c ON c.number = b.number
    RETURNING entry_id, site_code, business_day, recorded_at)
INSERT INTO settlement_line (entry_id, kind, site_code, province, business_day, month, product_code, category,
                             amount_fen, tariff_from, status, created_at)
SELECT entry_id, 'ADMISSION', site_code, 'SICHUAN', business_day, date_trunc('month', business_day)::date, 'ANNUAL',
       'ADULT', 1500, DATE '2020-01-01', 'PAYABLE', recorded_at
FROM entries;
SQL
        echo "history: $to of $HISTORY entries and lines loaded, $(( $(date +%s) - started )) s"
    done
    # settled before measuring, as an empty database is: statistics, visibility, and the load's pages written out
    psql -h localhost -U postgres -q $DB -c "VACUUM ANALYZE entry" -c "VACUUM ANALYZE settlement_line" -c "CHECKPOINT"
    echo "history: $(psql -h localhost -U postgres -At $DB -c "SELECT count(*) FROM entry") entries," \
        "$(psql -h localhost -U postgres -At $DB -c "SELECT pg_size_pretty(pg_total_relation_size('entry') + pg_total_relation_size('settlement_line')
            + coalesce((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent IN ('entry'::regclass, 'settlement_line'::regclass)), 0))")" \
        "with their lines and indexes, in $(( $(date +%s) - started )) s"
fi

mint_passes() { # N: passes of the first N cards, asked for by their holders
    psql -h localhost -U postgres -At -F' ' $DB -c "SELECT b.i, c.id FROM bench_card b JOIN card c USING (number) WHERE b.i <= $1 ORDER BY b.i" \
        | while read -r i id; do
            curl -fs -X POST "$BASE/cards/$id/passes" -H "Authorization: Bearer $(token holder "bench-owner-$i")" \
                | sed 's/.*"token":"\([^"]*\)".*/\1/'; echo
        done > target/gate-passes.txt
}

rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$SERVICE_PID/status"; }

wrk_scans() { # seconds
    wrk -t2 -c32 -d"$1"s --latency -s bench/gate-scan.lua "http://localhost:$PORT"
}
: > target/gate-summary.txt
rss_max=0
best_peak=0
warmed=
for mix in $MIXES; do
    case $mix in
        fresh)   export GATE_SITES=8 GATE_CARDS=$CARDS REPLAY_PERCENT=0 SCAN_BY=number ;;
        outside) export GATE_SITES=50 GATE_CARDS=2000 REPLAY_PERCENT=10 SCAN_BY=number ;;
        passes)  export GATE_SITES=50 GATE_CARDS=500 REPLAY_PERCENT=0 SCAN_BY=pass; mint_passes 500 ;;
        *) echo "no mix $mix"; exit 2 ;;
    esac
    echo "== mix $mix: $GATE_SITES sites, $GATE_CARDS cards by $SCAN_BY, $REPLAY_PERCENT% retries"
    [ -n "$warmed" ] || { wrk_scans 10 >/dev/null; warmed=1; }
    wrk_scans 5 >/dev/null
    peak_out=$(wrk_scans 20)
    peak=$(echo "$peak_out" | awk '/Requests\/sec/ {print $2}')
    rss=$(rss_mb); [ "$rss" -gt "$rss_max" ] && rss_max=$rss
    echo "$peak_out" | grep -E "Requests/sec|  50%|  99%|Non-2xx|Socket errors" || true
    half_delay=$(awk -v p="$peak" 'BEGIN {printf "%d", 32 * 1000 / (p / 2)}')
    half_out=$(SCAN_DELAY_MS=$half_delay wrk_scans 20)
    half_p99=$(echo "$half_out" | awk '/ 99%/ {print $2}')
    echo "at half the peak: $(echo "$half_out" | awk '/Requests\/sec/ {printf "%.0f scans/s", $2}'), p99 $half_p99"
    pg_tps=$(pgbench -h localhost -U postgres -n -c 16 -j 2 -T 20 -D cards="$GATE_CARDS" -D sites="$GATE_SITES" \
        -f bench/gate-scan.pgbench.sql $DB 2>&1 | awk '/^tps/ {print $3}')
    awk -v m="$mix" -v s="$peak" -v p="$pg_tps" -v h="$half_p99" 'BEGIN {
        printf "mix %s: service peak %.0f scans/s; pgbench %.0f tps; ratio %.2fx (target at least 0.5x); p99 at half the peak %s (target under 25 ms)\n", m, s, p, s / p, h }' \
        | tee -a target/gate-summary.txt
    best_peak=$(awk -v a="$best_peak" -v b="$peak" 'BEGIN {print (b > a ? b : a)}')
done

echo "== decisions recorded by the service"
psql -h localhost -U postgres -At $DB -c "SELECT coalesce(reason, decision), count(*) FROM entry GROUP BY 1 ORDER BY 2 DESC"

batch_median=0
if [ "$BATCHES" -gt 0 ]; then
    echo "== 500-entry offline batches (the first $BATCH_WARMUP warm the JIT up, as the online mixes are warmed, and are not counted)"
    times=()
    for b in $(seq 1 $((BATCH_WARMUP + BATCHES))); do
        at=$(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)
        shuf -n 500 target/gate-cards.txt | python3 -c 'import json, sys, uuid
print(json.dumps({"entries": [{"entryId": str(uuid.uuid4()), "cardNumber": n.strip(), "scannedAt": sys.argv[1]}
                              for n in sys.stdin]}))' "$at" > target/gate-batch.json
        # each batch at another site (in turn over the 50), so that most of its entries are admitted, as a
        # gate's upload of the visitors it let in offline is
        read -r site gate_token < <(sed -n "$(( (b - 1) % SITES + 1 ))p" target/gate-sites.txt)
        t=$(curl -fs -o target/gate-batch-result.json -w '%{time_total}' -X POST "$BASE/sites/$site/entries/batch" \
            -H "Authorization: Bearer $gate_token" -H 'Content-Type: application/json' --data-binary @target/gate-batch.json)
        ms=$(awk -v t="$t" 'BEGIN {printf "%.0f", t * 1000}')
        [ "$b" -le "$BATCH_WARMUP" ] || times+=("$ms")
        echo "batch $b at $site: $ms ms, $(grep -o '"decision":"ADMITTED"' target/gate-batch-result.json | wc -l) admitted"
    done
    batch_median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (BATCHES + 1) / 2 ))p")
fi

echo "== summary"
cat target/gate-summary.txt
awk -v b="$batch_median" -v p="$best_peak" -v r="$rss_max" 'BEGIN {
    if (b > 0) printf "500-entry batch: median %d ms, %.0f entries/s: %.2fx the best online peak (target at least 5x)\n", b, 500000 / b, (500000 / b) / p;
    printf "resident memory of the service under the mixes: at most %d MB (target under 512 MB)\n", r }'
