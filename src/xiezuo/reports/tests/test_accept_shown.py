"""Accepting every fact a page shows: the count on the button, all or nothing, the scope."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages

from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region
from xiezuo.reports.models import Fact, FactRecord, FactStatus
from xiezuo.reports.services import upload_reports
from xiezuo.reports.tests.conftest import ARTICLE, OTHER_ARTICLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(wushan):
    Pairing.objects.create(level="city_county", east_region=Region.objects.get(code="370600"),
                           west_region=Region.objects.get(code="500237"), start=datetime.date(2021, 4, 1))
    Organisation.objects.create(name="巫山县中医院", kind="hospital", region=Region.objects.get(code="500237"))
    (outcome,) = upload_reports(actor=wushan, files=[("a.txt", ARTICLE.encode())], background=False)
    return outcome.document


@pytest.fixture
def kaizhou_report(make_user):
    kaizhou = make_user("kz", region="500154")
    (outcome,) = upload_reports(actor=kaizhou, files=[("b.txt", OTHER_ARTICLE.encode())], background=False)
    return outcome.document


def posted_ids(html: str) -> list[int]:
    form = re.search(r'<form[^>]*data-accept-shown.*?</form>', html, re.S)
    assert form, "no accept-all form"
    return [int(v) for v in re.findall(r'name="fact" value="(\d+)"', form.group(0))]


def test_the_button_names_the_real_count_and_asks_first(report, wushan, client_for):
    pending = report.facts.filter(status=FactStatus.PENDING).count()
    html = client_for(wushan).get(report.get_absolute_url()).content.decode()
    assert f"接受本页显示的全部 {pending} 条" in html
    assert re.search(rf'data-confirm="[^"]*{pending} 条[^"]*"', html)
    assert sorted(posted_ids(html)) == sorted(report.facts.values_list("pk", flat=True))


def test_accept_shown_accepts_exactly_the_posted_facts(report, wushan, client_for):
    client = client_for(wushan)
    one = report.facts.order_by("pk").first()
    client.post(f"/reports/facts/{one.pk}/reject/")
    ids = posted_ids(client.get(report.get_absolute_url()).content.decode())
    assert one.pk not in ids
    response = client.post("/reports/facts/accept-shown/", {"fact": ids, "next": report.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"已接受 {len(ids)} 条"]
    assert set(FactRecord.objects.values_list("fact_id", flat=True)) == set(ids)
    assert Fact.objects.get(pk=one.pk).status == FactStatus.REJECTED
    # nothing left to accept: no form any more
    assert "data-accept-shown" not in client.get(report.get_absolute_url()).content.decode()


def test_nothing_is_accepted_when_one_fact_was_reviewed_meanwhile(report, wushan, client_for):
    client = client_for(wushan)
    ids = posted_ids(client.get("/reports/facts/").content.decode())
    client.post(f"/reports/facts/{ids[0]}/reject/")  # someone else, in another tab
    response = client.post("/reports/facts/accept-shown/", {"fact": ids})
    assert response.status_code == 302 and response["Location"] == "/reports/facts/"
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "有 1 条已不再待审核" in message and "未采纳任何数据项" in message
    assert not FactRecord.objects.exists()
    assert report.facts.filter(status=FactStatus.ACCEPTED).count() == 0


def test_a_fact_outside_the_scope_cannot_be_slipped_in(report, kaizhou_report, wushan, client_for):
    client = client_for(wushan)
    ids = posted_ids(client.get(report.get_absolute_url()).content.decode())
    foreign = kaizhou_report.facts.first().pk
    response = client.post("/reports/facts/accept-shown/", {"fact": [*ids, foreign]})
    assert response.status_code == 302
    assert not FactRecord.objects.exists()
    assert Fact.objects.get(pk=foreign).status == FactStatus.PENDING


def test_auditor_sees_no_button_and_is_refused(report, make_user, client_for):
    auditor = make_user("au", region="500237", role="auditor")
    client = client_for(auditor)
    assert "data-accept-shown" not in client.get(report.get_absolute_url()).content.decode()
    ids = list(report.facts.values_list("pk", flat=True))
    assert client.post("/reports/facts/accept-shown/", {"fact": ids}).status_code == 403
    assert not FactRecord.objects.exists()


@pytest.mark.parametrize("data", [{}, {"fact": ["x"]}, {"next": "https://evil.example/"}])
def test_bad_input_accepts_nothing_and_stays_on_the_site(report, wushan, client_for, data):
    response = client_for(wushan).post("/reports/facts/accept-shown/", data)
    assert response.status_code == 302 and response["Location"] == "/reports/facts/"
    assert not FactRecord.objects.exists()


def test_the_period_inputs_carry_iso_dates_and_the_stated_date(report, wushan, client_for):
    html = client_for(wushan).get(report.get_absolute_url()).content.decode()
    assert 'name="period_start" value="2024-06-18"' in html
    assert 'name="period_end" value="2024-06-18"' in html


def test_an_editors_note_is_not_taken_for_the_title(wushan):
    text = "【演示材料】本文为演示编写，非真实报道。\n" + ARTICLE
    (outcome,) = upload_reports(actor=wushan, files=[("demo.txt", text.encode())], background=False)
    assert outcome.document.title == "烟台市与巫山县深化东西部协作 人才交流结硕果"
