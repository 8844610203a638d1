"""Load test: 50 concurrent users on the national-scale demo data in PostgreSQL.

    .venv/bin/python bench/load.py [--database-url postgres://postgres@127.0.0.1:5432/xiezuo_bench]
                                   [--users 50 100] [--seconds 60] [--workers 4]

It loads the national demo data if the database has fewer than 90,000 people, serves the
product with gunicorn in production mode (DEBUG off), and runs Locust from a second
process: coordinators and administrators browse lists, details, searches and the
overview pages with 1–3 s between clicks. A baseline run with the same users on the
login page (no database work) is measured in the same run. Prints one table per number of
users, and the CPU each click cost (gunicorn's workers and PostgreSQL's processes, read
from /proc before and after the run): what docs/deployment.md sizes an installation by.
The goal (issue 15) applies to the first number of users: p95 < 300 ms with 0 errors.
Needs: pip install -e '.[bench]' (locust, gunicorn).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil  # locust's dependency (the bench extra)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT = 8765


@dataclass
class Cpu:
    web: float  # seconds of CPU of gunicorn's processes
    database: dict[int, float]  # of each PostgreSQL process
    machine: float  # of the whole machine (every core's busy time)
    load: float  # of the load generator (locust, a child of this process)

    def minus(self, before: Cpu) -> Cpu:
        # PostgreSQL processes that started during the run count in full
        database = {pid: t - before.database.get(pid, 0.0) for pid, t in self.database.items()}
        return Cpu(self.web - before.web, database, self.machine - before.machine, self.load - before.load)


def cpu_now(server_pid: int) -> Cpu:
    def seconds(process: psutil.Process) -> float:
        try:
            times = process.cpu_times()
            return times.user + times.system
        except psutil.Error:
            return 0.0

    server = psutil.Process(server_pid)
    web = sum(seconds(p) for p in [server, *server.children(recursive=True)])
    database = {p.pid: seconds(p) for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"}
    total = psutil.cpu_times()
    machine = total.user + total.nice + total.system + total.irq + total.softirq
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Cpu(web, database, machine, children.ru_utime + children.ru_stime)


def run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, env=env, check=True, cwd=ROOT)


def people_count(env: dict) -> int:
    code = ("import django; django.setup(); from xiezuo.people.models import Person; "
            "print(Person.objects.count())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip() or 0) if out.returncode == 0 else 0


SESSIONS_CODE = """
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
keys = {}
for name in ("shandong", "admin"):
    user = get_user_model().objects.get(username=name)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    keys[name] = store.session_key
from xiezuo.core.scoping import scoped
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
user = get_user_model().objects.get(username="shandong")
keys["people"] = list(scoped(Person, user).order_by("?").values_list("pk", flat=True)[:200])
keys["organisations"] = list(scoped(Organisation, user).order_by("?").values_list("pk", flat=True)[:100])
print(json.dumps(keys))
"""


def make_sessions(env: dict) -> str:
    out = subprocess.run([sys.executable, "-c", SESSIONS_CODE], env=env, capture_output=True,
                         text=True, cwd=ROOT, check=True)
    return out.stdout.strip().splitlines()[-1]


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def locust(classes: list[str], users: int, seconds: int, prefix: Path, env: dict) -> list[dict]:
    cmd = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
           "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s",
           "--host", f"http://127.0.0.1:{PORT}", "--csv", str(prefix), "--only-summary", "--reset-stats", *classes]
    subprocess.run(cmd, check=False, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def table(rows: list[dict]) -> None:
    print(f"| {'request':28} | {'count':>6} | {'errors':>6} | {'median ms':>9} | {'p95 ms':>7} | {'max ms':>7} | {'req/s':>6} |")
    print(f"|{'-' * 30}|{'-' * 8}|{'-' * 8}|{'-' * 11}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for row in rows:
        print(f"| {row['Name']:28} | {row['Request Count']:>6} | {row['Failure Count']:>6} | "
              f"{float(row['Median Response Time']):>9.0f} | {float(row['95%']):>7.0f} | "
              f"{float(row['Max Response Time']):>7.0f} | {float(row['Requests/s']):>6.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/xiezuo_bench")
    parser.add_argument("--users", type=int, nargs="+", default=[50])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="xiezuo-load-"))
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "xiezuo.config.settings",
           "XIEZUO_VAR": str(work)}
    if people_count(env) < 90_000:
        print("loading the national demo data …", flush=True)
        run([str(BIN / "xiezuo"), "demo", "--scale", "national"], env)
    prod = {**env, "XIEZUO_PRODUCTION": "1", "XIEZUO_SECRET_KEY": secrets.token_urlsafe(50),
            "XIEZUO_ALLOWED_HOSTS": "127.0.0.1", "XIEZUO_SSL_REDIRECT": "0", "XIEZUO_SECURE_COOKIES": "0",
            "XIEZUO_LOGIN_FAILURE_LIMIT": "1000"}
    run([str(BIN / "xiezuo"), "collectstatic", "--noinput", "-v0"], prod)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "xiezuo.config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{PORT}",
         "--access-logfile", "/dev/null", "--error-logfile", str(work / "gunicorn.log")],
        env=prod, cwd=ROOT)
    runs: list[tuple[int, list[dict], Cpu]] = []
    try:
        wait_for(f"http://127.0.0.1:{PORT}/accounts/login/")
        client_env = {**os.environ, "XIEZUO_LOAD_SESSIONS": make_sessions(prod)}
        for users in args.users:
            before = cpu_now(server.pid)
            pages = locust(["Coordinator", "Administrator"], users, args.seconds, work / f"pages-{users}", client_env)
            after = cpu_now(server.pid)
            runs.append((users, pages, after.minus(before)))
        baseline = locust(["Baseline"], args.users[0], max(20, args.seconds // 3), work / "baseline", client_env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    base = next(r for r in baseline if r["Name"] == "Aggregated")
    base95 = max(1.0, float(base["95%"]))
    verdict = 1
    for index, (users, pages, cpu) in enumerate(runs):
        print(f"\nLoad test: {users} users (1–3 s think time), {args.seconds} s, gunicorn "
              f"{args.workers} workers, {os.cpu_count()} cores, PostgreSQL, national demo data\n")
        rows = [r for r in pages if not r["Name"].startswith("(setup)")]
        table(rows + ([r for r in baseline if r["Name"] != "Aggregated"] if index == 0 else []))
        total = next(r for r in pages if r["Name"] == "Aggregated")
        clicks = max(1, int(total["Request Count"]))
        p95 = float(total["95%"])
        print(f"\npages p95 {p95:.0f} ms, errors {total['Failure Count']}; baseline p95 {base95:.0f} ms "
              f"(same run); ratio pages/baseline {p95 / base95:.1f}×")
        database = sum(cpu.database.values())
        print(f"CPU per click: web {cpu.web / clicks * 1000:.1f} ms + database {database / clicks * 1000:.1f} ms; "
              f"whole machine without the load generator {(cpu.machine - cpu.load) / clicks * 1000:.1f} ms "
              f"({clicks} clicks in {args.seconds} s; machine {cpu.machine:.0f} s of CPU, of which "
              f"{cpu.load:.0f} s the load generator)")
        if index == 0:
            met = p95 < 300 and total["Failure Count"] == "0"
            print(f"goal at {users} users: p95 < 300 ms with 0 errors: {'met' if met else 'MISSED'}")
            verdict = 0 if met else 1
    return verdict

if __name__ == "__main__":
    sys.exit(main())
