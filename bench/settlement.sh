#!/usr/bin/env bash
# A month's statement of a site with 1,000,000 settlement lines (among 2,000,000 lines of the month),
# through the service against the same aggregate query run directly by pgbench (one client, the
# query the service runs: bench/statement.pgbench.sql) on the same PostgreSQL in the same run:
# mean request time of GET /settlement/statements/{month}?site= (JSON and CSV; wrk, one connection,
# 15 s each) against pgbench's mean latency (15 s). Target: at most 2x.
#
#   bash bench/settlement.sh      (builds the service jar when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need wrk psql pgbench
PORT=18102
DB=chengyu_bench_settlement
BASE="http://localhost:$PORT/api/v1"
trap stop_service EXIT
start_service $DB $PORT
mkdir -p target

ADMIN=$(token admin bench-admin)
for s in 1 2; do
    bench_site "$BASE" "bench-settle-$s"
done
MONTH=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-15) - 1 month" +%Y-%m)
echo "== 2,000,000 lines of $MONTH: 1,000,000 of bench-settle-1, 1,000,000 of bench-settle-2 (generated in SQL)"
time psql -h localhost -U postgres -q $DB <<SQL >/dev/null
INSERT INTO settlement_line (entry_id, kind, site_code, province, business_day, month, product_code, category, amount_fen,
                             tariff_from, status, conflict, created_at)
SELECT gen_random_uuid(), 'ADMISSION', 'bench-settle-' || (1 + n % 2), 'SICHUAN', '$MONTH-01'::date + (n % 28),
       '$MONTH-01'::date, CASE WHEN n % 3 = 0 THEN 'PASS_72H' ELSE 'ANNUAL' END,
       (ARRAY['ADULT', 'SENIOR', 'MINOR'])[1 + n % 3], 800 + (n % 3) * 700, '2020-01-01',
       CASE WHEN n % 1000 = 0 THEN 'DISPUTED' ELSE 'PAYABLE' END, CASE WHEN n % 1000 = 0 THEN 'SITE_FULL' END, now()
FROM generate_series(1, 2000000) n;
VACUUM ANALYZE settlement_line;
SQL
STATEMENT="$BASE/settlement/statements/$MONTH?site=bench-settle-1"
curl -fs -H "Authorization: Bearer $ADMIN" "$STATEMENT" > target/settlement-statement.json
echo "statement: $(cat target/settlement-statement.json)"

# wrk_mean NAME [options]: one connection for 15 s; leaves the mean latency in ms
wrk_mean() {
    local name=$1
    shift
    wrk -t1 -c1 -d15s --latency "$@" | awk -v n="$name" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Latency/ && !seen {mean=ms($2); seen=1} /Requests\/sec/ {rps=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {printf "%-24s mean %8.1f ms   p99 %8s   %6.2f req/s   non-2xx %d\n", n, mean, p99, rps, bad+0; print mean > "target/settlement-" n}'
}
pgbench_mean() {
    local name=$1
    pgbench -h localhost -U postgres -n -c1 -T15 -D site="'bench-settle-1'" -D month="'$MONTH-01'" -f bench/statement.pgbench.sql $DB 2>&1 |
        awk -v n="$name" '/latency average/ {printf "%-24s mean %8.1f ms   (pgbench, one client)\n", n, $4; print $4 > "target/settlement-" n}'
}
echo "== warm-up"
wrk -t1 -c1 -d5s -H "Authorization: Bearer $ADMIN" "$STATEMENT" >/dev/null
echo "== statement of 1,000,000 lines"
pgbench_mean psql-a
wrk_mean service-json -H "Authorization: Bearer $ADMIN" "$STATEMENT"
wrk_mean service-csv -H "Authorization: Bearer $ADMIN" -H "Accept: text/csv" "$STATEMENT"
pgbench_mean psql-b
awk -v j="$(cat target/settlement-service-json)" -v c="$(cat target/settlement-service-csv)" \
    -v a="$(cat target/settlement-psql-a)" -v b="$(cat target/settlement-psql-b)" \
    'BEGIN {p = (a + b) / 2; printf "statement: service %.1f ms (JSON), %.1f ms (CSV) against the aggregate in pgbench %.1f ms: %.2fx, %.2fx (target at most 2x)\n", j, c, p, j / p, c / p}'
