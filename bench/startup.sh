#!/usr/bin/env bash
# Time from `java -jar target/quarkus-app/quarkus-run.jar` to a ready service (/q/health/ready
# answers 200) against the machine's PostgreSQL and Redis, on a fresh database each run.
# Two baselines in the same run, alternated with the service:
#   - a JVM hello-world (what the machine does with a JVM at all);
#   - the floor of the fixed stack (bench/startup-floor: every extension of DESIGN.md, one entity,
#     one resource, the same migrations, nothing else of the service), built here when missing.
# The service is started twice a run: plainly, and with the application class-data (AppCDS) archive
# the container image makes (a start stopped after static initialisation, -XX:ArchiveClassesAtExit),
# used with -Xshare:on so that an archive the JVM cannot use fails the start instead of being ignored.
# Prints each run and the medians.
#
#   bash bench/startup.sh [runs]      (default 5; builds the jars when they are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
need psql
RUNS=${1:-5}
FLOOR=bench/startup-floor/target/quarkus-app/quarkus-run.jar
# the floor runs the service's migrations: built again whenever one of them, or the floor itself, is newer than it
{ [ -f "$FLOOR" ] && [ -z "$(find src/main/resources/db bench/startup-floor/pom.xml bench/startup-floor/src -newer "$FLOOR")" ]; } \
    || ./mvnw -B -q -f bench/startup-floor/pom.xml package -DskipTests
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

# The archive made as the image makes it (src/main/docker/Dockerfile.jvm): no database, a start that
# stops after static initialisation, the same jar path as the runs below.
ARCHIVE=target/app-cds-image.jsa
rm -f "$ARCHIVE"
java -XX:ArchiveClassesAtExit="$PWD/$ARCHIVE" -Dquarkus.appcds.generate=true \
    -Dpass.pii-key=appcds-generation-only -Dpass.signing-key-location=/nonexistent \
    -jar target/quarkus-app/quarkus-run.jar > target/app-cds-image.log 2>&1
[ -s "$ARCHIVE" ] || { echo "no AppCDS archive was made (target/app-cds-image.log)"; exit 1; }

baseline_dir=$(mktemp -d)
echo 'public class Hello { public static void main(String[] a) { System.out.println("ready"); } }' > "$baseline_dir/Hello.java"
javac -d "$baseline_dir" "$baseline_dir/Hello.java"

now_ms() { date +%s%3N; }

# ready_ms JAR [JVM options]: one start of JAR on a fresh database, in milliseconds to ready
ready_ms() {
    psql -h localhost -U postgres -qc "DROP DATABASE IF EXISTS chengyu_bench_startup" \
        -c "CREATE DATABASE chengyu_bench_startup" postgres >/dev/null 2>&1
    local t0 t1
    t0=$(now_ms)
    JAR=$1 JAVA_TOOL_OPTIONS=${2:-} SKIP_CREATE=1 start_service chengyu_bench_startup 18080
    t1=$(now_ms)
    stop_service
    echo $((t1 - t0))
}

service=()
cds=()
floor=()
baseline=()
for i in $(seq 1 "$RUNS"); do
    t0=$(now_ms); java -cp "$baseline_dir" Hello >/dev/null; t1=$(now_ms)
    baseline+=($((t1 - t0)))
    floor+=("$(ready_ms "$FLOOR")")
    service+=("$(ready_ms target/quarkus-app/quarkus-run.jar)")
    cds+=("$(ready_ms target/quarkus-app/quarkus-run.jar "-XX:SharedArchiveFile=$PWD/$ARCHIVE -Xshare:on")")
    echo "run $i: service ready in ${service[-1]} ms, with the AppCDS archive ${cds[-1]} ms," \
        "fixed-stack floor ${floor[-1]} ms, JVM hello-world ${baseline[-1]} ms"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(median "${service[@]}"); mc=$(median "${cds[@]}"); mf=$(median "${floor[@]}"); mb=$(median "${baseline[@]}")
awk -v n="$RUNS" -v s="$ms" -v c="$mc" -v f="$mf" -v b="$mb" 'BEGIN {
    printf "median of %d: service ready in %d ms (%.2fx the floor; target at most 1.10x); with the AppCDS archive %d ms (%.2fx the floor, %.2fx without it); fixed-stack floor %d ms; JVM hello-world %d ms\n", n, s, s / f, c, c / f, c / s, f, b }'

