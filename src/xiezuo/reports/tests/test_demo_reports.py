"""The demo bulletins shipped with the project, the period a report states, the period's date
inputs on the review page."""

import datetime
import io
import re

import pytest
from django.urls import reverse

from xiezuo.demo.management.commands.demo import Command as DemoCommand
from xiezuo.demo.registry import load_registry
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing
from xiezuo.reports.demo import DEMO_REPORTS, demo_files, load_reports_demo
from xiezuo.reports.extraction import report_period
from xiezuo.reports.models import FactKind, FactStatus, ReportDocument
from xiezuo.reports.services import UploadOutcome, accept_fact, match_pairing, upload_reports
from xiezuo.reports.tests.conftest import ARTICLE

MARK = "【演示材料】本文为演示编写，非真实报道。"
D = datetime.date


def test_the_bulletins_are_shipped_as_package_data_and_marked_as_demo():
    files = demo_files()
    assert len(files) == 3 and all(p.parent == DEMO_REPORTS for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == MARK
        assert 400 <= len(re.findall(r"[\u4e00-\u9fff]", text)) <= 900


@pytest.mark.django_db
def test_demo_loads_the_shipped_bulletins_on_a_fresh_db(refdata, media, settings, tmp_path,
                                                        admin_user):
    # Not beside any checkout: nothing may come from a shared/samples folder.
    settings.BASE_DIR = tmp_path / "a" / "b" / "c" / "d"
    load_registry()
    assert not ReportDocument.objects.exists()
    outcomes = load_reports_demo()
    assert [o.status for o in outcomes] == ["created"] * 3
    assert all(o.facts > 5 for o in outcomes)
    docs = ReportDocument.objects.all()
    assert docs.count() == 3 and {d.status for d in docs} == {"ready"}
    for doc in docs:
        assert doc.facts.filter(status=FactStatus.PENDING).count() == doc.facts.count() > 5
        # Every bulletin names a pairing of the demo registry, so its facts link to records.
        (pairing,) = doc.facts.filter(kind=FactKind.PAIRING)
        v = pairing.values
        assert match_pairing(v["east_code"], v["west_code"]) is not None
    assert {(d.east_region.code, d.west_region.code) for d in docs} == {
        ("370600", "500237"), ("370700", "500154"), ("320116", "630123")}
    wushan = docs.get(west_region__code="500237")
    fact = wushan.facts.get(kind=FactKind.QUANTITY, data__indicator="medical_services",
                            data__value=2300)
    record = accept_fact(actor=admin_user, fact=fact).record
    assert record.pairing == Pairing.objects.get(level="city_county", east_region__code="370600",
                                                 west_region__code="500237")
    # The sentence names the sending and the receiving hospital; both are registry records.
    assert record.organisation in Organisation.objects.filter(name__in=["烟台山医院", "巫山县中医院"])
    # Loading again stores nothing twice.
    assert [o.status for o in load_reports_demo()] == ["exists"] * 3
    assert ReportDocument.objects.count() == 3


@pytest.mark.django_db
def test_the_period_is_the_one_the_bulletin_states(refdata, media):
    load_reports_demo()
    periods = {d.original_name: (d.period_start, d.period_end) for d in ReportDocument.objects.all()}
    assert periods == {
        "demo-yantai-wushan.txt": (D(2024, 11, 15), D(2024, 11, 15)),
        "demo-weifang-kaizhou.txt": (D(2024, 9, 2), D(2024, 9, 2)),
        "demo-liuhe-huangyuan.txt": (D(2024, 1, 1), D(2024, 12, 31)),
    }


@pytest.mark.parametrize(("text", "period"), [
    ("2024年8月23日，活动圆满结束。", (D(2024, 8, 23), D(2024, 8, 23))),
    ("2024年，两地共举办培训班11期。", (D(2024, 1, 1), D(2024, 12, 31))),
    ("2023年度帮扶工作总结：选派干部9人。", (D(2023, 1, 1), D(2023, 12, 31))),
    ("2013年以来结对帮扶；2024年选派干部9人。", (D(2024, 1, 1), D(2024, 12, 31))),
    ("2021年至2025年为协作期；8月23日活动结束。", None),
    ("8月23日，活动圆满结束。", None),
])
def test_report_period(text, period):
    assert report_period(text) == period


@pytest.mark.django_db
def test_the_review_page_date_inputs_carry_iso_dates(refdata, media, admin_user, client_for):
    (outcome,) = load_reports_demo_article(admin_user)
    doc = outcome.document
    page = client_for(admin_user).get(reverse("reports:document_detail", args=[doc.pk]),
                                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<input type="date" name="period_start" value="2024-06-18"', html)
    assert re.search(r'<input type="date" name="period_end" value="2024-06-18"', html)
    assert "2024/06/18" not in html


def load_reports_demo_article(actor) -> list[UploadOutcome]:
    """The tests' article as the only report (dated 2024年6月18日)."""
    return upload_reports(actor=actor, files=[("a.txt", ARTICLE.encode())], background=False)


@pytest.mark.parametrize(("outcomes", "said"), [
    ([], "reports: no demo reports found, none loaded"),
    ([UploadOutcome(name="a.txt", status="created", message="", facts=7),
      UploadOutcome(name="b.txt", status="exists", message="")],
     "reports: 1 demo reports loaded, 7 facts waiting for review; 1 loaded before"),
])
def test_the_demo_command_says_how_many_reports_it_loaded(outcomes, said):
    out = io.StringIO()
    command = DemoCommand(stdout=out)
    command._reports(outcomes)
    assert out.getvalue().strip() == said
