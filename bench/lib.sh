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
        java -jar "$jar" > "target/bench-$db.log" 2>&1 &
    SERVICE_PID=$!
    until curl -fs -o /dev/null "http://localhost:$port/q/health/ready"; do
        kill -0 $SERVICE_PID 2>/dev/null || { cat "target/bench-$db.log"; exit 1; }
        sleep 0.02
    done
}

stop_service() {
    [ -n "${SERVICE_PID:-}" ] || return 0
    kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
}

BENCH_ISSUER=https://bench.chengyu-pass.local
