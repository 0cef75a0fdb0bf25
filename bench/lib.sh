# Shared helpers of the benchmark scripts: start the prod jar against the machine's PostgreSQL
# (a fresh database) and Redis, and mint tokens signed with the test-only key pair.
# shellcheck shell=bash

need() {
    local missing=()
    for tool in "$@"; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        local packages=()
        for tool in "${missing[@]}"; do
            case "$tool" in
                psql|pgbench) packages+=(postgresql-client) ;;
                redis-cli) packages+=(redis-tools) ;;
                *) packages+=("$tool") ;;
            esac
        done
        apt-get install -y -qq "${packages[@]}" >/dev/null
    fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# token ROLE SUBJECT [SITE]: an RS256 token the service accepts (test-only key, bench issuer).
token() {
    local role=$1 subject=$2 site=${3:-}
    signed_token "$subject" "$role" "${site:+\"site\":\"$site\",}"
}

# holder_token SUBJECT NAME ID_NUMBER: a holder's token whose identity provider verified that person
# (verified_claims, OpenID Connect for Identity Assurance), as card issue requires.
holder_token() {
    signed_token "$1" holder "$(printf '"verified_claims":{"verification":{"trust_framework":"bench"},"claims":{"name":"%s","id_number":"%s"}},' "$2" "$3")"
}

# signed_token SUBJECT ROLE EXTRA_CLAIMS: EXTRA_CLAIMS is JSON members ending in a comma, or empty.
signed_token() {
    local subject=$1 role=$2 extra=$3 now header payload
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT","kid":"bench"}' | b64url)
    payload=$(printf '{"iss":"%s","aud":"chengyu-pass","sub":"%s","groups":["%s"],%s"iat":%d,"exp":%d}' \
        "$BENCH_ISSUER" "$subject" "$role" "$extra" "$now" $((now + 7200)) | b64url)
    printf '%s.%s.%s' "$header" "$payload" \
        "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign src/test/resources/test-keys/jwt-private.pem | b64url)"
}

# bench_site BASE CODE [CAPACITY] [STATUS]: creates or replaces, through the API at BASE, a site open all
# day (one session) with that daily capacity (default 1,000,000) and status (default OPEN).
bench_site() {
    curl -fs -o /dev/null -X PUT "$1/sites/$2" -H "Authorization: Bearer $(token admin bench-admin)" -H 'Content-Type: application/json' \
        -d '{"name":{"zh":"压测","en":"Bench"},"city":"Chengdu","province":"SICHUAN","location":{"lat":30.6,"lon":104.0},
             "openingHours":{"opens":"00:00","closes":"23:59"},"dailyCapacity":'"${3:-1000000}"',"status":"'"${4:-OPEN}"'"}'
}

# start_service DB PORT: builds the jar when missing, starts it on a fresh database (an existing one
# when SKIP_CREATE is set), waits until ready. JAR names another Quarkus jar to start the same way.
start_service() {
    local db=$1 port=$2
    local jar=${JAR:-target/quarkus-app/quarkus-run.jar}
    [ -f "$jar" ] || ./mvnw -B -q package -DskipTests
    [ -n "${SKIP_CREATE:-}" ] || \
        psql -h localhost -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres >/dev/null 2>&1
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://localhost:5432/$db" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:5432/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    QUARKUS_REDIS_HOSTS=redis://localhost:6379 \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/src/test/resources/test-keys/jwt-public.pem" \
    MP_JWT_VERIFY_ISSUER="$BENCH_ISSUER" \
    PASS_SIGNING_KEY_LOCATION="$PWD/src/test/resources/test-keys/pass-signing.pem" \
    PASS_PII_KEY=bench-only-pii-key-0123456789 \
    QUARKUS_HTTP_PORT=$port \
        java -jar "$jar" > "target/bench-$db-$port.log" 2>&1 &
    SERVICE_PID=$!
    until curl -fs -o /dev/null "http://localhost:$port/q/health/ready"; do
        kill -0 $SERVICE_PID 2>/dev/null || { cat "target/bench-$db-$port.log"; exit 1; }
        sleep 0.02
    done
}

stop_service() {
    [ -n "${SERVICE_PID:-}" ] || return 0
    kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
}

# seed_cards DB N ROWS_FILE: N ANNUAL cards with valid numbers straight into the database (owner
# bench-owner-<i>), and a table bench_card (i, number) for pgbench; the numbers go to ROWS_FILE as "i<TAB>number".
seed_cards() {
    local db=$1 n=$2 rows=$3
    awk -v n="$n" 'BEGIN { srand(); for (i = 1; i <= n; i++) {
        p = (1 + int(rand() * 9)) ""; for (j = 2; j <= 15; j++) p = p int(rand() * 10);
        s = 0; for (j = 0; j < 15; j++) { d = substr(p, 15 - j, 1) + 0; if (j % 2 == 0) { d *= 2; if (d > 9) d -= 9 } s += d }
        print i "\t" p ((10 - s % 10) % 10) } }' > "$rows"
    psql -h localhost -U postgres -q "$db" <<SQL >/dev/null
CREATE TABLE bench_card (i INT PRIMARY KEY, number CHAR(16) UNIQUE);
\copy bench_card FROM '$rows'
INSERT INTO card (id, number, product_code, owner_subject, status, category, holder_name, id_number_hash,
                  id_number_masked, issued_at, activation_deadline, lineage_id, updated_at)
SELECT id, number, 'ANNUAL', 'bench-owner-' || i, 'ISSUED', 'ADULT', 'Bench', md5(i::text) || md5((i + 1)::text),
       '110***********002X', now(), now() + interval '180 days', id, now()
FROM (SELECT i, number, gen_random_uuid() AS id FROM bench_card) fixture;
ANALYZE;
SQL
}

# The ceiling app (bench/ceiling): built when missing, started by start_ceiling, stopped with the service by stop_all.
CEILING_JAR=bench/ceiling/target/quarkus-app/quarkus-run.jar
CEILING_PID=
stop_all() {
    stop_service
    [ -z "$CEILING_PID" ] || { kill "$CEILING_PID" 2>/dev/null && wait "$CEILING_PID" 2>/dev/null || true; }
}

# start_ceiling PORT BODY_FILE TYPE ETAG: serves BODY_FILE from memory at /ceiling (and /ceiling-router), and checks it does
start_ceiling() {
    local port=$1 body=$2 type=$3 etag=$4
    java -Dquarkus.http.port="$port" -Dceiling.body="$PWD/$body" -Dceiling.type="$type" -Dceiling.etag="$etag" \
        -jar "$CEILING_JAR" > target/bench-ceiling.log 2>&1 &
    CEILING_PID=$!
    for _ in $(seq 1 1500); do
        curl -fs -o /dev/null "http://localhost:$port/ceiling" && break
        kill -0 $CEILING_PID 2>/dev/null || { cat target/bench-ceiling.log; exit 1; }
        sleep 0.02
    done
    cmp -s "$body" <(curl -fs "http://localhost:$port/ceiling") || { echo "the ceiling does not serve the same bytes"; exit 1; }
}

BENCH_ISSUER=https://bench.chengyu-pass.local
