#!/usr/bin/env python3
"""Fault scenarios against the prod jar with real PostgreSQL and Redis.

Starts its own PostgreSQL cluster and Redis server on spare ports (the machine's own services
are left alone), runs the prod jar against them and, per scenario, prints requests sent,
acknowledged, lost (acknowledged but not in the database: must be 0), errors during and after
the fault, and the time the service took to serve normally again.

  python3 bench/faults/faults.py            # all scenarios
  python3 bench/faults/faults.py postgres   # one of: postgres, redis, sigkill

Scenarios:
  postgres  PostgreSQL stopped for a few seconds under gate load, then started again
  redis     Redis stopped for a few seconds under gate and itinerary load, then started again
  sigkill   the service killed with SIGKILL while gates upload offline batches, then started
            again; every batch is replayed and acknowledged ones must answer identically
"""
import base64
import datetime
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KEYS = os.path.join(ROOT, "src", "test", "resources", "test-keys")
ISSUER = "https://bench.chengyu-pass.local"
PG_PORT, REDIS_PORT, HTTP_PORT = 55432, 56379, 58080
SITE = "cq-hongyadong"
PG_BIN = "/usr/lib/postgresql/%s/bin" % (sorted(os.listdir("/usr/lib/postgresql"))[-1] if os.path.isdir("/usr/lib/postgresql") else "15")
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def log(message):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


# ---------------------------------------------------------------------------------------------
# Tokens (RS256 with the test-only key) and synthetic real-name data
# ---------------------------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(role, subject, site=None, verified=None):
    """verified: (name, ID number) the identity provider checked, as a holder needs to issue a card."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": "chengyu-pass", "sub": subject, "groups": [role], "iat": now, "exp": now + 7200}
    if site:
        claims["site"] = site
    if verified:
        claims["verified_claims"] = {"verification": {"trust_framework": "bench"},
                                     "claims": {"name": verified[0], "id_number": verified[1]}}
    signing_input = b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", os.path.join(KEYS, "jwt-private.pem")],
                               input=signing_input.encode(), capture_output=True, check=True).stdout
    return signing_input + "." + b64url(signature)


def id_number(i):
    """An 18-character ID number with a valid birth date and MOD 11-2 check character."""
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=i * 7 % 12000)
    body = "510104" + born.strftime("%Y%m%d") + "%03d" % (i % 1000)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


# ---------------------------------------------------------------------------------------------
# The servers
# ---------------------------------------------------------------------------------------------

class Postgres:
    def __init__(self, work):
        self.data = os.path.join(work, "pg")
        self.socket_dir = os.path.join(work, "pg-socket")
        os.makedirs(self.socket_dir)
        if AS_POSTGRES:
            shutil.chown(work, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        subprocess.run(AS_POSTGRES + [PG_BIN + "/initdb", "-D", self.data, "-U", "postgres", "-A", "trust"],
                       check=True, capture_output=True)
        self.log = os.path.join(work, "pg.log")

    def start(self):
        subprocess.run(AS_POSTGRES + [PG_BIN + "/pg_ctl", "-D", self.data, "-l", self.log, "-w", "-o",
                                      "-p %d -k %s -c fsync=on -c max_connections=100" % (PG_PORT, self.socket_dir), "start"],
                       check=True, capture_output=True)

    def stop(self):
        subprocess.run(AS_POSTGRES + [PG_BIN + "/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"],
                       check=True, capture_output=True)

    def sql(self, statement):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", "postgres",
                               "-At", "-c", statement], check=True, capture_output=True, text=True).stdout.split()


class Redis:
    def __init__(self, work):
        self.work = work
        self.process = None

    def start(self):
        self.process = subprocess.Popen(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--dir", self.work],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: port_open(REDIS_PORT), 10, "Redis")

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Service:
    def __init__(self, work):
        self.log = open(os.path.join(work, "service.log"), "ab")
        self.process = None

    def start(self):
        env = dict(os.environ,
                   QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:%d/postgres" % PG_PORT,
                   QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:%d/postgres" % PG_PORT,
                   QUARKUS_DATASOURCE_USERNAME="postgres", QUARKUS_DATASOURCE_PASSWORD="postgres",
                   QUARKUS_REDIS_HOSTS="redis://127.0.0.1:%d" % REDIS_PORT,
                   MP_JWT_VERIFY_PUBLICKEY_LOCATION=os.path.join(KEYS, "jwt-public.pem"),
                   MP_JWT_VERIFY_ISSUER=ISSUER,
                   PASS_SIGNING_KEY_LOCATION=os.path.join(KEYS, "pass-signing.pem"),
                   PASS_PII_KEY="fault-test-only-pii-key",
                   QUARKUS_HTTP_PORT=str(HTTP_PORT))
        self.process = subprocess.Popen(["java", "-jar", os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: status("GET", "/q/health/ready") == 200, 60, "the service")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()

    def alive(self):
        return self.process.poll() is None


def port_open(port):
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
        return True
    except OSError:
        return False


def wait_for(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit("%s did not come up within %d s" % (what, seconds))


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

def request(method, path, body=None, bearer=None, headers=None, connection=None, timeout=30):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=timeout)
    all_headers = {"Content-Type": "application/json"}
    if bearer:
        all_headers["Authorization"] = "Bearer " + bearer
    all_headers.update(headers or {})
    try:
        connection.request(method, path, body=None if body is None else json.dumps(body), headers=all_headers)
        response = connection.getresponse()
        content = response.read()
        return response.status, content, response.getheader("Content-Type") or ""
    finally:
        if own:
            connection.close()


def status(method, path):
    try:
        return request(method, path, timeout=3)[0]
    except OSError:
        return None


class Load:
    """Threads sending requests in a loop, each result kept with its time."""

    def __init__(self, threads, make_request):
        self.make_request = make_request
        self.results = []  # (sent_at, answered_at, status, content_type, key)
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def run(self):
        connection = None
        while self.running:
            method, path, body, bearer, key = self.make_request()
            sent = time.time()
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
                code, _, content_type = request(method, path, body, bearer, connection=connection)
            except (OSError, http.client.HTTPException):
                code, content_type = None, ""
                connection.close()
                connection = None
                time.sleep(0.05)
            with self.lock:
                self.results.append((sent, time.time(), code, content_type, key))

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()


def summary(name, results, fault_start, fault_end, acknowledged_ok, lost, extra=""):
    sent = len(results)
    acknowledged = sum(1 for r in results if acknowledged_ok(r[2]))
    during = [r for r in results if r[1] >= fault_start and r[0] < fault_end and not acknowledged_ok(r[2])]
    after = [r for r in results if r[0] >= fault_end and not acknowledged_ok(r[2])]
    # Recovered: the first acknowledged answer to a request sent after the fault ended, and no error after it.
    first_ok_after = min((r[1] for r in results if r[0] >= fault_end and acknowledged_ok(r[2])), default=fault_end)
    recovered = max([first_ok_after] + [r[1] for r in after]) - fault_end
    slowest = max((r[1] - r[0] for r in results if fault_start <= r[0] < fault_end), default=0)
    kinds = {}
    for r in during + after:
        kinds[r[2]] = kinds.get(r[2], 0) + 1
    row = {"scenario": name, "sent": sent, "acknowledged": acknowledged, "lost": lost, "errors during": len(during),
           "errors after": len(after), "recovered in": "%.1f s" % recovered,
           "slowest answer during": "%.2f s" % slowest,
           "error statuses": ", ".join("%s×%d" % (k, v) for k, v in sorted(kinds.items(), key=lambda kv: str(kv[0]))) or "none"}
    if extra:
        row["notes"] = extra
    return row


# ---------------------------------------------------------------------------------------------
# Fixtures: cards to scan
# ---------------------------------------------------------------------------------------------

def issue_cards(count, salt):
    numbers = []
    for i in range(count):
        holder = "fault-holder-%s-%d" % (salt, i)
        person = ("游客", id_number(salt * 1000 + i))
        code, content, _ = request("POST", "/api/v1/cards",
                                   {"productCode": "ANNUAL", "holder": {"name": person[0], "idNumber": person[1]}},
                                   bearer=token("holder", holder, verified=person), headers={"Idempotency-Key": str(uuid.uuid4())})
        if code != 201:
            raise SystemExit("could not issue a card: %s %s" % (code, content[:300]))
        numbers.append(json.loads(content)["number"])
    return numbers


def stored_entries(postgres, entry_ids):
    if not entry_ids:
        return set()
    stored = set()
    ids = list(entry_ids)
    for i in range(0, len(ids), 2000):
        values = ",".join("'%s'" % e for e in ids[i:i + 2000])
        stored.update(postgres.sql("select entry_id from entry where entry_id in (%s)" % values))
    return stored


def acknowledged_scans(results):
    return {r[4] for r in results if r[2] == 201}


def not_problem_json(results):
    """Error answers that are not problem+json (a connection error counts as none)."""
    return sum(1 for r in results if r[2] is not None and r[2] >= 400 and not r[3].startswith("application/problem+json"))


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------

def scan_requests(numbers, gate):
    def make():
        entry_id = str(uuid.uuid4())
        return "POST", "/api/v1/sites/%s/entries" % SITE, {"entryId": entry_id, "cardNumber": random.choice(numbers)}, gate, entry_id
    return make


def postgres_restart(postgres, redis, service):
    numbers = issue_cards(40, 1)
    gate = token("gate", "fault-gate-pg", SITE)
    load = Load(8, scan_requests(numbers, gate))
    load.start()
    time.sleep(5)
    fault_start = time.time()
    log("stopping PostgreSQL under load")
    postgres.stop()
    ready_during = []
    for _ in range(10):
        ready_during.append(status("GET", "/q/health/ready"))
        time.sleep(0.5)
    log("starting PostgreSQL again")
    postgres.start()
    fault_end = time.time()
    ready_after = None
    while time.time() - fault_end < 15:
        if ready_after is None and status("GET", "/q/health/ready") == 200:
            ready_after = time.time() - fault_end
        time.sleep(0.2)
    load.stop()
    failed = {r[4] for r in load.results if r[2] != 201}
    # A gate retries a scan that got no answer: the same entryId, after the fault.
    retried = sum(1 for entry_id in failed
                  if request("POST", "/api/v1/sites/%s/entries" % SITE, {"entryId": entry_id, "cardNumber": numbers[0]}, gate)[0] in (201, 422))
    acknowledged = acknowledged_scans(load.results)
    lost = len(acknowledged - stored_entries(postgres, acknowledged))
    return summary("PostgreSQL stopped 5 s under gate load", load.results, fault_start, fault_end, lambda s: s == 201, lost,
                   "readiness during: %s; ready again %.1f s after PostgreSQL; failed scans retried with their entryId: %d/%d answered; "
                   "non-problem errors: %d; service restarted: %s"
                   % (sorted(set(ready_during), key=str), ready_after or -1, retried, len(failed),
                      not_problem_json(load.results), "no" if service.alive() else "YES"))


def redis_stop(postgres, redis, service):
    numbers = issue_cards(40, 2)
    gate = token("gate", "fault-gate-redis", SITE)
    scans = scan_requests(numbers, gate)
    routes = ["liquor-culture", "historical-culture"]

    def make():
        if random.random() < 0.5:
            return scans()
        return "GET", "/api/v1/routes/%s/itinerary" % random.choice(routes), None, None, None

    load = Load(8, make)
    load.start()
    time.sleep(5)
    fault_start = time.time()
    log("stopping Redis under load")
    redis.stop()
    time.sleep(5)
    log("starting Redis again")
    redis.start()
    fault_end = time.time()
    time.sleep(10)
    load.stop()
    acknowledged = acknowledged_scans(load.results)
    lost = len(acknowledged - stored_entries(postgres, acknowledged))
    return summary("Redis stopped 5 s under gate + itinerary load", load.results, fault_start, fault_end,
                   lambda s: s in (200, 201), lost,
                   "non-problem errors: %d; service restarted: %s" % (not_problem_json(load.results), "no" if service.alive() else "YES"))


def sigkill_batches(postgres, redis, service):
    numbers = issue_cards(40, 3)
    batches = []
    for gate_index in range(4):
        gate = token("gate", "fault-gate-batch-%d" % gate_index, SITE)
        for _ in range(60):
            now = datetime.datetime.now(datetime.timezone.utc)
            entries = [{"entryId": str(uuid.uuid4()), "cardNumber": random.choice(numbers),
                        "scannedAt": (now - datetime.timedelta(minutes=random.randint(1, 600))).isoformat().replace("+00:00", "Z")}
                       for _ in range(100)]
            batches.append({"gate": gate, "body": {"entries": entries}})
    answers = {}
    lock = threading.Lock()
    sent_at = {}

    def upload(part):
        connection = None
        for index in part:
            batch = batches[index]
            sent_at[index] = time.time()
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
                code, content, _ = request("POST", "/api/v1/sites/%s/entries/batch" % SITE, batch["body"], batch["gate"],
                                           connection=connection)
            except (OSError, http.client.HTTPException):
                return
            with lock:
                answers[index] = (code, json.loads(content) if code == 200 else content[:300], time.time())

    threads = [threading.Thread(target=upload, args=(list(range(i, len(batches), 4)),)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    log("SIGKILL to the service during uploads (answers so far by status: %s)"
        % {code: sum(1 for a in answers.values() if a[0] == code) for code in {a[0] for a in answers.values()}})
    fault_start = time.time()
    service.kill()
    for thread in threads:
        thread.join()
    log("starting the service again")
    service.start()
    fault_end = time.time()
    acknowledged = {i for i, (code, _, _) in answers.items() if code == 200}
    # Every batch is uploaded again: acknowledged ones must answer exactly the same results.
    replay_differs, replay_failed, results = 0, 0, []
    for index, batch in enumerate(batches):
        sent = time.time()
        code, content, content_type = request("POST", "/api/v1/sites/%s/entries/batch" % SITE, batch["body"], batch["gate"])
        results.append((sent, time.time(), code, content_type, index))
        if code != 200:
            replay_failed += 1
        elif index in acknowledged and json.loads(content) != answers[index][1]:
            replay_differs += 1
    ack_entries = {e["entryId"] for i in acknowledged for e in batches[i]["body"]["entries"]}
    lost = len(ack_entries - stored_entries(postgres, ack_entries))
    before = [(sent_at.get(i, fault_start), answers[i][2] if i in answers else fault_start,
               answers[i][0] if i in answers else None, "", i) for i in range(len(batches)) if i in sent_at]
    row = summary("SIGKILL during offline batch uploads", before + results, fault_start, fault_end, lambda s: s == 200, lost,
                  "%d batches of 100 (%d entries acknowledged before the kill); after restart every batch replayed: "
                  "%d answered differently from their first answer, %d failed"
                  % (len(batches), len(ack_entries), replay_differs, replay_failed))
    row["sent"] = len(sent_at)
    row["acknowledged"] = len(acknowledged)
    return row


SCENARIOS = {"postgres": postgres_restart, "redis": redis_stop, "sigkill": sigkill_batches}


def main():
    chosen = sys.argv[1:] or list(SCENARIOS)
    for name in chosen:
        if name not in SCENARIOS:
            raise SystemExit("unknown scenario %s; choose from %s" % (name, ", ".join(SCENARIOS)))
    for tool in ("openssl", "psql", "redis-server"):
        if shutil.which(tool) is None:
            subprocess.run(["apt-get", "install", "-y", "-qq", {"psql": "postgresql-client", "redis-server": "redis-server"}.get(tool, tool)],
                           check=True, capture_output=True)
    os.chdir(ROOT)
    if not os.path.exists("target/quarkus-app/quarkus-run.jar"):
        subprocess.run(["./mvnw", "-B", "-q", "package", "-DskipTests"], check=True)
    work = tempfile.mkdtemp(prefix="chengyu-faults-")
    os.chmod(work, 0o755)
    postgres, redis, service = Postgres(work), Redis(work), Service(work)
    rows = []
    try:
        postgres.start()
        redis.start()
        service.start()
        for name in chosen:
            log("scenario: " + name)
            rows.append(SCENARIOS[name](postgres, redis, service))
            log(json.dumps(rows[-1], ensure_ascii=False))
    finally:
        service.stop()
        redis.stop()
        try:
            postgres.stop()
        except subprocess.CalledProcessError:
            pass
        log("logs kept in " + work)
    columns = ["scenario", "sent", "acknowledged", "lost", "errors during", "errors after", "recovered in", "slowest answer during"]
    print()
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    print()
    for row in rows:
        print("- %s: error statuses %s. %s" % (row["scenario"], row["error statuses"], row.get("notes", "")))
    # What each scenario must show: nothing acknowledged lost, normal service again within 10 s of the
    # fault's end, and, while PostgreSQL is away, nothing but 503 problems.
    failed = []
    for row in rows:
        if row["lost"]:
            failed.append("%s: %d acknowledged entries lost" % (row["scenario"], row["lost"]))
        if float(row["recovered in"].split()[0]) > 10:
            failed.append("%s: recovered only after %s" % (row["scenario"], row["recovered in"]))
        if row["scenario"].startswith("PostgreSQL") and row["error statuses"] not in ("none",) \
                and any(not part.startswith("503") for part in row["error statuses"].split(", ")):
            failed.append("%s: errors other than 503: %s" % (row["scenario"], row["error statuses"]))
    print()
    print("\n".join("FAIL " + line for line in failed) if failed else "PASS: nothing lost, recovered within 10 s")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
