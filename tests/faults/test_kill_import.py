"""A process killed (SIGKILL) in the middle of a large import leaves the database
consistent (nothing of the import stored) and the import can simply be run again."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.excel_files import people_file
from xiezuo.core.models import ImportBatch
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def start_import(path, env):
    return subprocess.Popen(
        [sys.executable, "-m", "xiezuo", "import", "people", str(path), "--user", "root", "--progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def test_sigkill_mid_import_then_repeat(refdata, admin_user, tmp_path):
    Organisation.objects.create(name="烟台山医院", kind="hospital", region=Region.objects.get(code="370602"))
    data, _bad = people_file(6000)
    path = tmp_path / "people.xlsx"
    path.write_bytes(data)
    env = {**os.environ, "DATABASE_URL": database_url()}

    process = start_import(path, env)
    seen = ""
    deadline = time.monotonic() + 120
    while "progress: 1500" not in seen and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
    assert "progress: 1500" in seen, process.stderr.read()
    process.send_signal(signal.SIGKILL)  # in the middle: rows written, nothing committed
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert Person.objects.count() == 0
    assert Availability.objects.count() == 0
    assert ImportBatch.objects.count() == 0

    again = start_import(path, env)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "6000 new" in out
    assert Person.objects.count() == 6000 and ImportBatch.objects.count() == 1
