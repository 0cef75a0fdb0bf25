#!/usr/bin/env bash
# ES256 sign and verify on one thread: the JDK against BouncyCastle (which signs and verifies
# passes in the service), best of three rounds each. Uses the BouncyCastle jar of the prod build.
#
#   bash bench/es256.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
bc=$(ls target/quarkus-app/lib/main/org.bouncycastle.bcprov-*.jar)
out=$(mktemp -d)
javac -d "$out" -cp "$bc" bench/es256/Es256Bench.java
java -cp "$bc:$out" Es256Bench
