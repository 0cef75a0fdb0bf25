#!/usr/bin/env python3
"""Checks the zero-setup lifecycle of `./mvnw quarkus:dev` on this machine:

1. it starts and serves the launch catalog;
2. Ctrl-C (SIGINT to the process group, as a terminal sends it) leaves no embedded server behind;
3. after a crash (SIGKILL of the JVMs, leaving the servers orphaned) the next start stops the
   orphans, reuses the data under .data/ (a site written before the crash is still there), and
   Ctrl-C again leaves nothing behind.

Run from the project root: python3 bench/dev-lifecycle.py   (exit code 0 when every check passes)
"""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

BASE = "http://localhost:8080/api/v1"
failures = 0


def check(name, ok):
    global failures
    print(("PASS " if ok else "FAIL ") + name)
    failures += 0 if ok else 1


def request(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=5) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
    except Exception:
        return None, None


def embedded_processes():
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines() if "embedded-pg" in line or "redis-server-6" in line]


def start_dev():
    process = subprocess.Popen(
        ["./mvnw", "-B", "quarkus:dev", "-Ddebug=false", "-Dquarkus.console.enabled=false",
         "-Dquarkus.analytics.disabled=true"],
        stdout=open("target/dev-lifecycle.log", "a"), stderr=subprocess.STDOUT,
        preexec_fn=lambda: (signal.signal(signal.SIGINT, signal.SIG_DFL), os.setpgrp()))
    started = time.time()
    while time.time() - started < 240:
        if request("GET", "/sites?size=1")[0] == 200:
            return process, time.time() - started
        time.sleep(0.5)
    return process, None


def ctrl_c(process):
    os.killpg(process.pid, signal.SIGINT)
    process.wait(90)
    time.sleep(2)


os.makedirs("target", exist_ok=True)
process, seconds = start_dev()
check("dev mode serves the catalog (%.1f s)" % (seconds or -1), seconds is not None)
status, sites = request("GET", "/sites?size=100")
check("ten launch sites listed", status == 200 and sites["total"] >= 10)
ctrl_c(process)
check("Ctrl-C leaves no embedded server", embedded_processes() == [])

process, seconds = start_dev()
_, minted = request("POST", "/dev/tokens", {"role": "admin", "subject": "lifecycle-check"})
marker = "lc-%d" % int(time.time())
status, _ = request("PUT", "/sites/" + marker, {
    "name": {"zh": "检查", "en": "Lifecycle check"}, "city": "Chengdu", "province": "SICHUAN",
    "location": {"lat": 30.6, "lon": 104.0}, "openingHours": {"opens": "09:00", "closes": "18:00"},
    "dailyCapacity": 1, "status": "CLOSED"}, minted["token"] if minted else None)
check("a site is written before the crash", status == 201)
subprocess.run(["pkill", "-KILL", "-g", str(process.pid), "java"])
process.wait(60)
time.sleep(2)
check("the crash leaves the servers orphaned (the case to recover from)", len(embedded_processes()) >= 2)

process, seconds = start_dev()
check("dev mode starts again after the crash (%.1f s)" % (seconds or -1), seconds is not None)
check("the site written before the crash is still there", request("GET", "/sites/" + marker)[0] == 200)
ctrl_c(process)
check("Ctrl-C after recovery leaves no embedded server", embedded_processes() == [])
sys.exit(1 if failures else 0)
