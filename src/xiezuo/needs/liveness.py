"""Is a matching round's run still alive? (A run whose process died must not stay "running".)

A run records which process runs it (`Round.worker`: host and pid namespace, pid, the
process's start time and a nonce of the run) and when it last gave a sign of life (`Round.heartbeat_at`, set
when it is queued, when it starts and at each progress step). A queued or running round
is *stalled* when

- it is running on this machine and its process is gone (no such pid, a zombie, or a
  different process under a reused pid — told apart by the start time in `/proc`), or
- it gave no sign of life for `XIEZUO_ROUND_STALL_MINUTES` (default 60; the only test
  for a worker on another machine, so keep it above the longest run), or
- it is queued and no worker has started it for that long.

A large round runs in the job worker (`xiezuo db_worker`, `needs/tasks.py`), a small one in
the request. A stalled round is shown as "the last run did not finish" and can be run or
changed again; `services` then marks it failed — and so does the worker without anyone
looking (`services.fail_stalled_rounds`: when it starts a round, and when a running round's
watchdog task comes due). A superseded process that still finishes finds its nonce gone and
stores nothing.
"""

from __future__ import annotations

import datetime
import os
import socket
import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.needs.choices import RoundStatus


def stall_minutes() -> int:
    return settings.XIEZUO_ROUND_STALL_MINUTES


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process from /proc, or None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = data[data.rindex(b")") + 2:].split()
    return fields[0].decode(), fields[19].decode()  # fields 3 (state) and 22 (starttime)


def _machine() -> str:
    """This host and its process-id namespace: pids are only compared within the same one
    (two containers may share a host name but not their pids)."""
    try:
        namespace = "".join(c for c in os.readlink("/proc/self/ns/pid") if c.isdigit())
    except OSError:
        namespace = ""
    return f"{socket.gethostname()[:80]}/{namespace}".replace(":", "_")


def process_token() -> str:
    """machine:pid:start-time:nonce of this process and one run of it."""
    stat = _stat(os.getpid())
    return f"{_machine()}:{os.getpid()}:{stat[1] if stat else ''}:{uuid.uuid4().hex[:12]}"


def worker_gone(token: str) -> bool:
    """True when the process named by `token` runs on this machine and has ended."""
    try:
        host, pid_text, start, _nonce = token.rsplit(":", 3)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != _machine() or pid <= 0:
        return False  # another machine: only the time without a sign of life tells
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # it exists, under another user
    stat = _stat(pid)
    if stat is None:
        return False
    state, now_start = stat
    return state in ("Z", "X") or bool(start and now_start != start)


def stall_message(round_) -> str | None:
    """Why a queued or running round will not finish by itself (a sentence), or None."""
    minutes = stall_minutes()
    limit = datetime.timedelta(minutes=minutes)
    now = timezone.now()
    if round_.status == RoundStatus.RUNNING:
        if round_.worker and worker_gone(round_.worker):
            return _("The last run did not finish: the process running it has stopped. "
                     "Run the round again or change it.")
        beat = round_.heartbeat_at or round_.started_at
        if beat is None or now - beat > limit:
            return _("The last run did not finish: it gave no sign of life for %(minutes)s "
                     "minutes. Run the round again or change it.") % {"minutes": minutes}
    elif round_.status == RoundStatus.QUEUED:
        if round_.heartbeat_at is None or now - round_.heartbeat_at > limit:
            return _("No worker has started this round for %(minutes)s minutes (is the "
                     "background worker running? “xiezuo serve” starts it; in production run "
                     "“xiezuo db_worker”). Run it again or change it.") % {"minutes": minutes}
    return None
