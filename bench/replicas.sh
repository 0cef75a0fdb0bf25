#!/usr/bin/env bash
# Two replicas of the prod jar on one PostgreSQL and one Redis (the machine's), checked from outside:
#   1. a route published through replica A, read at once through replica B: B serves the new
#      version (the itinerary cache's invalidation crosses replicas through Redis);
#   2. 40 scans of one card, 20 sent to each replica at once      -> exactly 1 admitted;
#   3. 60 cards for a site of 20 places, 30 to each replica at once -> exactly 20 admitted
#      (answers and rows: entries, the day counter, settlement lines);
#   4. a site closed through replica A: replica B refuses it within a second (B holds sites a second).
# Prints each check and exits non-zero if one fails.
#
#   bash bench/replicas.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need psql curl
DB=chengyu_bench_replicas
A=18101; B=18102
PIDS=()
stop_replicas() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done; }
trap stop_replicas EXIT
start_service $DB $A; PIDS+=("$SERVICE_PID")
SKIP_CREATE=1 start_service $DB $B; PIDS+=("$SERVICE_PID")
mkdir -p target
failed=0
check() { # name expected actual
    if [ "$2" = "$3" ]; then echo "ok   $1: $3"; else echo "FAIL $1: expected $2, got $3"; failed=1; fi
}
sql() { psql -h localhost -U postgres -At $DB -c "$1"; }
OPERATOR=$(token operator bench-operator)

scan() { # port site token number -> decision/reason
    curl -fs -X POST "http://localhost:$1/api/v1/sites/$2/entries" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
        -d '{"entryId":"'"$(cat /proc/sys/kernel/random/uuid)"'","cardNumber":"'"$4"'"}' | grep -o '"reason":"[A-Z_]*"\|"decision":"ADMITTED"' \
        || echo ERROR   # a failed request is counted as one, not the end of the script
}
export -f scan

seed_cards $DB 61 target/replicas-cards.tsv
cut -f2 target/replicas-cards.tsv > target/replicas-cards.txt
site=bench-replicas-$RANDOM
bench_site "http://localhost:$A/api/v1" "$site" 1000
bench_site "http://localhost:$A/api/v1" "$site-20" 20
GATE=$(token gate gate-replicas "$site")
GATE20=$(token gate gate-replicas-20 "$site-20")

echo "== 1. a route published through A, read at once through B (before any load)"
route=bench-replicas-$RANDOM
content() { printf '"theme":"LIQUOR_CULTURE","name":{"zh":"双副本","en":"Two replicas"},"description":"%s",
  "stops":[{"siteCode":"cq-hongyadong","day":1},{"siteCode":"cd-kuanzhai","day":2}]' "$1"; }
curl -fs -o /dev/null -X POST "http://localhost:$A/api/v1/routes" -H "Authorization: Bearer $OPERATOR" \
    -H 'Content-Type: application/json' -d "{\"code\":\"$route\",$(content first)}"
curl -fs -o /dev/null -X POST "http://localhost:$A/api/v1/routes/$route/publish" -H "Authorization: Bearer $OPERATOR"
check "B's itinerary after the first publish" '"version":1' \
    "$(curl -fs "http://localhost:$B/api/v1/routes/$route/itinerary" | grep -o '"version":[0-9]*')"
curl -fs -o /dev/null -X PUT "http://localhost:$A/api/v1/routes/$route/draft" -H "Authorization: Bearer $OPERATOR" \
    -H 'Content-Type: application/json' -d "{$(content second)}"
curl -fs -o /dev/null -X POST "http://localhost:$A/api/v1/routes/$route/publish" -H "Authorization: Bearer $OPERATOR"
seen=$(curl -fs "http://localhost:$B/api/v1/routes/$route/itinerary" | grep -o '"version":[0-9]*')
published_at=$(date +%s%3N)
until curl -fs "http://localhost:$B/api/v1/routes/$route/itinerary" | grep -q '"version":2'; do
    [ $(( $(date +%s%3N) - published_at )) -lt 10000 ] || break; sleep 0.01
done
echo "     (B served version 2 after $(( $(date +%s%3N) - published_at )) ms)"
check "B's itinerary right after the second publish" '"version":2' "$seen"

echo "== 2. 40 scans of one card, 20 through each replica at once"
card=$(head -1 target/replicas-cards.txt)
for i in $(seq 1 40); do echo "$(( i % 2 == 0 ? A : B ))"; done \
    | xargs -P 40 -I{} bash -c "scan {} $site $GATE $card" > target/replicas-one-card.txt
check "admitted answers" 1 "$(grep -c ADMITTED target/replicas-one-card.txt || true)"
check "ALREADY_ENTERED answers" 39 "$(grep -c ALREADY_ENTERED target/replicas-one-card.txt || true)"
check "admitted entries in the database" 1 "$(sql "SELECT count(*) FROM entry WHERE site_code = '$site' AND decision = 'ADMITTED'")"

echo "== 3. 60 cards for 20 places, 30 through each replica at once"
tail -60 target/replicas-cards.txt | awk -v a=$A -v b=$B '{print (NR % 2 ? a : b), $1}' \
    | xargs -P 60 -L 1 bash -c "scan \$0 $site-20 $GATE20 \$1" > target/replicas-capacity.txt
check "admitted answers" 20 "$(grep -c ADMITTED target/replicas-capacity.txt || true)"
check "SITE_FULL answers" 40 "$(grep -c SITE_FULL target/replicas-capacity.txt || true)"
check "admitted entries" 20 "$(sql "SELECT count(*) FROM entry WHERE site_code = '$site-20' AND decision = 'ADMITTED'")"
check "day counter" 20 "$(sql "SELECT sum(admitted) FROM site_day_admissions WHERE site_code = '$site-20'")"
check "settlement lines" 20 "$(sql "SELECT count(*) FROM settlement_line WHERE site_code = '$site-20'")"

echo "== 4. a site closed through A, scanned through B"
scan $B "$site" "$GATE" "$(sed -n 2p target/replicas-cards.txt)" >/dev/null   # B now holds the site
bench_site "http://localhost:$A/api/v1" "$site" 1000 CLOSED
sleep 1.1
check "B's answer a second after A closed the site" '"reason":"SITE_CLOSED"' \
    "$(scan $B "$site" "$GATE" "$(sed -n 3p target/replicas-cards.txt)")"

[ "$failed" = 0 ] && echo "all checks passed" || { echo "some checks failed"; exit 1; }
