"""Issue 14, part 6: a personal API token used from `curl` over real HTTP (the live
server) reads only its owner's scope, writes as its owner's role, and stops working
once revoked; the example client of docs/api-client.py runs against the same server."""

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xiezuo.accounts.services import create_token, revoke_token
from xiezuo.core.tests.factories import OrganisationFactory, PairingFactory, PersonFactory, region
from xiezuo.exchange.models import Posting

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT = Path(__file__).resolve().parents[4] / "docs" / "api-client.py"
CURL = shutil.which("curl")
D = datetime.date


def curl(url, token, *, method="GET", body=None):
    """(status, JSON body) of one request made by curl."""
    command = [CURL, "-sS", "-X", method, "-H", f"Authorization: Bearer {token}",
               "-H", "Accept: application/json", "-w", "\n%{http_code}", url]
    if body is not None:
        command += ["-H", "Content-Type: application/json", "--data", json.dumps(body)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    text, _newline, status = done.stdout.rpartition("\n")
    return int(status), json.loads(text) if text else None


@pytest.fixture
def two_counties(refdata, make_user):
    yantai = OrganisationFactory(name="烟台山医院", region=region("370602"))
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    duyun = OrganisationFactory(name="都匀市人民医院", region=region("522701"))
    guangzhou = OrganisationFactory(name="广州市第一人民医院", region=region("440104"))

    def posting(person, host, start):
        return Posting.objects.create(person=person, host=host, kind="medical", direction="east_west",
                                      planned_start=start, planned_end=start + datetime.timedelta(days=364))

    PairingFactory(east_region=region("370600"), west_region=region("500237"))
    PairingFactory(east_region=region("440100"), west_region=region("522700"))
    return {
        "wushan": posting(PersonFactory(name="施宏志", organisation=yantai), wushan, D(2026, 3, 1)),
        "wushan_2": posting(PersonFactory(name="张树栋", organisation=yantai), wushan, D(2026, 4, 1)),
        "qiannan": posting(PersonFactory(name="黔南专家", organisation=guangzhou), duyun, D(2026, 3, 1)),
        "coordinator": make_user("wushan", region="500237"),
        "auditor": make_user("wushan-audit", region="500237", role="auditor"),
    }


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_with_a_token_reads_and_writes_as_its_owner(live_server, two_counties):
    world = two_counties
    api = f"{live_server.url}/api"
    token, plain = create_token(actor=world["coordinator"], name="巫山对接", lifetime_days=90)
    _audit, audit_plain = create_token(actor=world["auditor"], name="审计", lifetime_days=30)

    status, body = curl(f"{api}/postings/", plain)
    assert status == 200
    assert {item["person_name"] for item in body["items"]} == {"施宏志", "张树栋"}
    status, body = curl(f"{api}/postings/{world['qiannan'].pk}", plain)
    assert status == 404
    status, body = curl(f"{api}/postings/{world['wushan'].pk}", plain)
    assert status == 200 and body["host_name"] == "巫山县中医院"

    # Writes follow the owner's role: the coordinator approves, the auditor may not.
    status, body = curl(f"{api}/postings/{world['wushan'].pk}/approve", plain, method="POST")
    assert (status, body["state"]) == (200, "approved")
    status, body = curl(f"{api}/postings/{world['wushan'].pk}/events", plain)
    assert body[-1]["by"] == "wushan"
    status, body = curl(f"{api}/postings/{world['wushan_2'].pk}/approve", audit_plain, method="POST")
    assert status == 403
    status, body = curl(f"{api}/postings/", audit_plain)
    assert status == 200 and body["count"] == 2
    status, body = curl(f"{api}/postings/{world['qiannan'].pk}/approve", plain, method="POST")
    assert status == 404
    assert Posting.objects.get(pk=world["qiannan"].pk).state == "planned"

    # The schema too: a machine reads it with its token (only the JSON, not the docs page).
    status, body = curl(f"{api}/openapi.json", plain)
    assert status == 200 and "BearerToken" in body["components"]["securitySchemes"]

    revoke_token(actor=world["coordinator"], token_id=token.pk)
    status, body = curl(f"{api}/postings/", plain)
    assert status == 401 and "撤销" in body["detail"]
    status, body = curl(f"{api}/openapi.json", plain)
    assert status == 401 and "撤销" in body["detail"]
    status, body = curl(f"{api}/postings/", "xz_" + "0" * 43)
    assert status == 401 and "令牌无效" in body["detail"]


def test_the_example_client_lists_postings_and_reads_the_dashboard(live_server, two_counties):
    _token, plain = create_token(actor=two_counties["coordinator"], name="示例客户端", lifetime_days=30)
    env = {**os.environ, "XIEZUO_URL": live_server.url, "XIEZUO_TOKEN": plain}
    done = subprocess.run([sys.executable, str(CLIENT), "--year", "2026", "--side", "west",
                           "--region", "巫山县"], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert "选派记录 2 条" in done.stdout
    assert "施宏志" in done.stdout and "张树栋" in done.stdout and "黔南专家" not in done.stdout
    assert "统计总览" in done.stdout and "巫山" in done.stdout.split("统计总览", 1)[1]

    env["XIEZUO_TOKEN"] = "xz_" + "1" * 43
    done = subprocess.run([sys.executable, str(CLIENT)], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 1 and "401" in done.stderr and "令牌无效" in done.stderr


def test_the_example_client_pages_through_a_long_list(live_server, two_counties):
    """More postings than one page of the client (100): every one is read, once."""
    first = two_counties["wushan"]
    Posting.objects.bulk_create([
        Posting(person=first.person, host=first.host, kind="medical", direction="east_west",
                planned_start=D(2020, 1, 1) + datetime.timedelta(days=n),
                planned_end=D(2020, 1, 1) + datetime.timedelta(days=n + 30), batch=f"第{n}批")
        for n in range(1, 131)])
    _token, plain = create_token(actor=two_counties["coordinator"], name="示例客户端", lifetime_days=30)
    env = {**os.environ, "XIEZUO_URL": live_server.url, "XIEZUO_TOKEN": plain}
    done = subprocess.run([sys.executable, str(CLIENT)], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert "选派记录 132 条" in done.stdout and "统计总览" in done.stdout
    ids = [line.split("\t")[0].strip() for line in done.stdout.splitlines() if line.startswith("  ")
           and "\t" in line and line.strip().split("\t")[0].isdigit()]
    assert len(ids) == len(set(ids)) == 132
