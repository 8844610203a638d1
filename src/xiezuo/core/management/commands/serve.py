"""`xiezuo serve [ADDRPORT]`: the development server and the background worker together.

Starts `xiezuo db_worker` (the django-tasks database worker that runs every background job:
long Excel imports and exports, files, report extraction, notifications, large matching
rounds; see docs/jobs.md) as a child process, then runs `runserver`; the worker is
stopped when the server stops. In production run the web server and `xiezuo db_worker`
as two services instead.

`make demo` runs it with DEBUG off (`XIEZUO_DEBUG=0`), so the demo serves like production:
the Chinese error pages instead of Django's debug pages, and the static files collected
(`collectstatic`, done here first) and served by the application (WhiteNoise), not by
runserver.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the development server together with the background job worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true", help="no autoreloading of the server")

    def handle(self, *args: Any, addrport: str, noreload: bool = False, **options: Any) -> None:
        worker = None
        # runserver's autoreloader runs this command again in a child process
        # (RUN_MAIN=true); only the outer process starts the worker.
        if os.environ.get("RUN_MAIN") != "true":
            if not settings.DEBUG:
                # WhiteNoise serves STATIC_ROOT when DEBUG is off: collect before serving.
                call_command("collectstatic", interactive=False, verbosity=0)
                self.stdout.write(f"static files collected in {settings.STATIC_ROOT}")
            worker = subprocess.Popen(  # noqa: S603 — our own command
                [sys.executable, "-m", "xiezuo.cli", "db_worker", "--no-reload", "--interval", "1"],
            )
            self.stdout.write(f"background worker started (pid {worker.pid})")

            def stop(signum: int, frame: FrameType | None) -> None:
                raise KeyboardInterrupt

            signal.signal(signal.SIGTERM, stop)
        try:
            call_command("runserver", addrport, use_reloader=not noreload)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
