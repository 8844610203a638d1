"""Dashboard and annual report of one province pair on the national-scale data (PostgreSQL).

    .venv/bin/python bench/insights.py [--database-url postgres://postgres@127.0.0.1:5432/xiezuo_bench]
                                       [--repeat 10] [--year 2025]

Serves the product with gunicorn in production mode and times real HTTP requests, one at a
time, as an administrator and as the eastern province's coordinator: the dashboard, the
annual report, the coverage matrix, the drill-down of the largest figure, the API, and the
Word and Excel downloads. The login page (no database work) is timed in the same run as
the baseline. Goal (issue 5): dashboard and annual report each under 1 s.
Needs the national demo data with the issue-5 records (`xiezuo demo --scale national`)
and pip install -e '.[bench]' (gunicorn).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import BIN, ROOT, run, wait_for  # noqa: E402

PORT = 8766
GOAL_MS = 150

SETUP = """
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count
from xiezuo.accounts.models import UserScope
from xiezuo.regions.models import Pairing
from xiezuo.activities.models import Activity
User = get_user_model()
# The province pair with the most records under it.
best = None
for root in Pairing.objects.filter(level="province_province"):
    kids = list(Pairing.objects.filter(parent=root).values_list("pk", flat=True))
    n = Activity.objects.filter(pairing_id__in=[root.pk, *kids]).count()
    if best is None or n > best[1]:
        best = (root, n, len(kids))
root = best[0]
admin = User.objects.filter(is_superuser=True).order_by("pk").first()
coordinator, _ = User.objects.get_or_create(username="bench-coordinator")
UserScope.objects.update_or_create(user=coordinator, defaults={"role": "coordinator", "region": root.east_region,
                                                               "organisation": None, "person": None})
keys = {}
for name, user in (("admin", admin), ("coordinator", coordinator)):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    keys[name] = store.session_key
print(json.dumps({"sessions": keys, "pairing": root.pk, "label": str(root), "activities": best[1],
                  "subpairings": best[2]}))
"""


def fetch(url: str, session: str) -> tuple[float, int, int]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}", "Accept-Language": "zh-hans"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url}: HTTP {error.code}") from None
    return (time.perf_counter() - started) * 1000, status, len(body)


def word_report(base: str, query: str, session: str, env: dict) -> str:
    """Download the Word report: large selections are made by a background job; time from
    the click to the finished file (the worker runs beside the server)."""
    worker = subprocess.Popen([str(BIN / "xiezuo"), "db_worker", "--no-reload"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        request = urllib.request.Request(f"{base}/insights/report.docx?{query}",
                                         headers={"Cookie": f"sessionid={session}"})
        with urllib.request.urlopen(request, timeout=300) as response:
            landed = response.geturl()
            body = response.read()
        if "/jobs/" not in landed:
            return f"made at once, {len(body) / 1024:.0f} KiB in {(time.perf_counter() - started):.1f} s"
        job = landed.rstrip("/").rsplit("/", 1)[-1]
        while time.perf_counter() - started < 600:
            status = json.loads(urllib.request.urlopen(urllib.request.Request(
                f"{base}/api/jobs/{job}", headers={"Cookie": f"sessionid={session}"}), timeout=30).read())
            if status["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.5)
        return (f"background job {status['status']} in {time.perf_counter() - started:.1f} s "
                f"({status['done']}/{status['total']} report lines)")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/xiezuo_bench")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="xiezuo-insights-"))
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "xiezuo.config.settings",
           "XIEZUO_VAR": str(work)}
    prod = {**env, "XIEZUO_PRODUCTION": "1", "XIEZUO_SECRET_KEY": secrets.token_urlsafe(50),
            "XIEZUO_ALLOWED_HOSTS": "127.0.0.1", "XIEZUO_SSL_REDIRECT": "0", "XIEZUO_SECURE_COOKIES": "0"}
    run([str(BIN / "xiezuo"), "collectstatic", "--noinput", "-v0"], prod)
    setup = subprocess.run([sys.executable, "-c", SETUP], env=prod, capture_output=True, text=True, cwd=ROOT,
                           check=True)
    info = json.loads(setup.stdout.strip().splitlines()[-1])
    base = f"http://127.0.0.1:{PORT}"
    query = f"pairing={info['pairing']}&year={args.year}"
    requests = [
        ("baseline: login page", "/accounts/login/", None),
        ("dashboard", f"/insights/?{query}", "admin"),
        ("dashboard (coordinator)", f"/insights/?{query}", "coordinator"),
        ("annual report", f"/insights/report/?{query}", "admin"),
        ("annual report (coordinator)", f"/insights/report/?{query}", "coordinator"),
        ("coverage matrix", f"/insights/coverage/?{query}", "admin"),
        ("drill-down: professionals sent", f"/insights/records/?{query}&measure=professionals_sent", "admin"),
        ("API: annual report", f"/api/insights/annual-report?{query}", "admin"),
        ("API: dashboard", f"/api/insights/dashboard?{query}", "admin"),
    ]
    measured: dict[str, dict[str, tuple[int, float, float, int]]] = {}
    word = ""
    for mode, seconds in (("uncached", "0"), ("cached", "3600")):
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "xiezuo.config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{PORT}",
             "--timeout", "300", "--capture-output", "--access-logfile", "/dev/null",
             "--error-logfile", str(work / "gunicorn.log")],
            env={**prod, "XIEZUO_CACHE_SECONDS": seconds}, cwd=ROOT)
        try:
            wait_for(f"{base}/accounts/login/")
            for name, path, who in requests:
                session = info["sessions"].get(who, "") if who else ""
                for _ in range(3):  # warm-up: every gunicorn worker up, connections open
                    fetch(base + path, session)
                times, size = [], 0
                for _ in range(args.repeat):
                    ms, status, size = fetch(base + path, session)
                    if status != 200:
                        raise SystemExit(f"{name}: HTTP {status}")
                    times.append(ms)
                measured.setdefault(name, {})[mode] = (args.repeat, statistics.median(times), max(times), size)
            if mode == "cached":
                word = word_report(base, query, info["sessions"]["admin"], prod)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    baseline = measured["baseline: login page"]["cached"][1]
    print(f"\nInsights on {info['label']} ({info['subpairings']} sub-pairings, {info['activities']:,} activities "
          f"under it), year {args.year}; PostgreSQL, gunicorn {args.workers} workers, {os.cpu_count()} cores, "
          f"requests one at a time\n")
    print(f"| {'request':32} | {'n':>3} | {'uncached ms':>11} | {'median ms':>9} | {'max ms':>7} | {'KiB':>7} "
          f"| {'× baseline':>10} | goal |")
    print(f"|{'-' * 34}|{'-' * 5}|{'-' * 13}|{'-' * 11}|{'-' * 9}|{'-' * 9}|{'-' * 12}|------|")
    failed = False
    for name, modes in measured.items():
        n, median, worst, size = modes["cached"]
        goal = ""
        if name.startswith(("dashboard", "annual report")):
            goal = "met" if median < GOAL_MS else "MISSED"
            failed |= goal == "MISSED"
        print(f"| {name:32} | {n:>3} | {modes['uncached'][1]:>11.0f} | {median:>9.0f} | {worst:>7.0f} | "
              f"{size / 1024:>7.1f} | {median / max(baseline, 0.1):>10.1f} | {goal:4} |")
    print("\nuncached: the figure cache off (every request computes, as the first read after a write); "
          "median and max: as shipped (cached until a write)")
    print(f"Word report of the whole province pair: {word}")
    print(f"Goal: dashboard and annual report median under {GOAL_MS} ms: {'MISSED' if failed else 'met'}")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
