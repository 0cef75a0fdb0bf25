#!/usr/bin/env bash
# Time from `java -jar` to a ready prod service (/q/health/ready answers 200), against the
# machine's real PostgreSQL (5432) and Redis (6379), with a JVM hello-world start in the same
# run as the baseline. Prints one line per run and the medians.
#
#   bash bench/startup.sh [runs]      (default 5; builds the jar when it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
PORT=18080
DB=chengyu_bench_startup

command -v psql >/dev/null || { apt-get install -y -qq postgresql-client >/dev/null; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

psql -h localhost -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" postgres >/dev/null

export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://localhost:5432/$DB"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:5432/$DB"
export QUARKUS_DATASOURCE_USERNAME=postgres
export QUARKUS_DATASOURCE_PASSWORD=postgres
export QUARKUS_REDIS_HOSTS=redis://localhost:6379
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/src/test/resources/test-keys/jwt-public.pem"
export MP_JWT_VERIFY_ISSUER=https://bench.chengyu-pass.local
export PASS_SIGNING_KEY_LOCATION="$PWD/src/test/resources/test-keys/pass-signing.pem"
export PASS_PII_KEY=bench-only-pii-key
export QUARKUS_HTTP_PORT=$PORT

now_ms() { date +%s%3N; }

baseline_dir=$(mktemp -d)
cat > "$baseline_dir/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("ready"); } }
JAVA
javac -d "$baseline_dir" "$baseline_dir/Hello.java"

service=()
baseline=()
for i in $(seq 1 "$RUNS"); do
    t0=$(now_ms); java -cp "$baseline_dir" Hello >/dev/null; t1=$(now_ms)
    baseline+=($((t1 - t0)))

    t0=$(now_ms)
    java -jar target/quarkus-app/quarkus-run.jar > /tmp/chengyu-startup.log 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://localhost:$PORT/q/health/ready"; do
        kill -0 $pid 2>/dev/null || { cat /tmp/chengyu-startup.log; exit 1; }
        sleep 0.02
    done
    t1=$(now_ms)
    service+=($((t1 - t0)))
    kill $pid; wait $pid 2>/dev/null || true
    echo "run $i: java -jar ready in ${service[-1]} ms, JVM hello-world ${baseline[-1]} ms"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(median "${service[@]}"); mb=$(median "${baseline[@]}")
echo "median of $RUNS: java -jar ready in $ms ms; JVM hello-world $mb ms (ratio $(awk "BEGIN {printf \"%.0f\", $ms/$mb}"))"
psql -h localhost -U postgres -qc "DROP DATABASE IF EXISTS $DB" postgres >/dev/null
