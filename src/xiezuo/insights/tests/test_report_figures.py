"""Accepted report figures count in the dashboard's and the annual report's measures, beyond
the records already counted, and the drill-down names the report they come from."""

import re
from decimal import Decimal

import pytest

from xiezuo.insights import selectors
from xiezuo.insights.measures import drill_sources
from xiezuo.insights.selection import build_selection
from xiezuo.insights.tests import world as W
from xiezuo.reports.models import FactKind
from xiezuo.reports.services import accept_fact, reject_fact, upload_reports

pytestmark = pytest.mark.django_db

WUSHAN_2025 = """烟台市与巫山县深化东西部协作 人才交流再上台阶

本报讯 2025年5月8日，烟台市与重庆市巫山县召开东西部协作联席会议。烟台市先后选派挂职干部4人、专业技术人才9人到巫山县开展帮扶。
烟台市全年投入协作资金600万元。
"""
PROVINCE_2025 = """山东省与重庆市东西部协作工作会议召开

本报讯 2025年9月20日，山东省与重庆市召开东西部协作联席会议。山东省今年选派专业技术人才20人到重庆市开展帮扶。
"""


@pytest.fixture
def data(refdata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return W.build()


@pytest.fixture
def wushan(make_user):
    return make_user("ws", region="500237")


def upload(actor, text, name="a.txt"):
    (outcome,) = upload_reports(actor=actor, files=[(name, text.encode())], background=False)
    return outcome.document


def fact(document, indicator):
    return document.facts.get(kind=FactKind.QUANTITY, data__indicator=indicator)


def figures(user, pairing):
    sel = build_selection(user=user, year=2025, pairing=pairing.pk)
    report = {f.measure: f.value for f in selectors.annual_report(sel).figures}
    board = {f.measure: f.value for f in selectors.dashboard(sel.for_year(2025)).headline}
    return report, board


def test_an_accepted_figure_changes_dashboard_and_annual_report_by_its_value(data, wushan):
    document = upload(wushan, WUSHAN_2025)
    report, board = figures(wushan, data["p1"])
    assert report["cadres_sent"] == board["cadres_sent"] == 0
    assert report["funds"] == board["funds"] == 1_000_000
    accept_fact(actor=wushan, fact=fact(document, "cadres_sent"))
    accept_fact(actor=wushan, fact=fact(document, "funds"))
    report, board = figures(wushan, data["p1"])
    assert report["cadres_sent"] == board["cadres_sent"] == 4
    # 600万元 for the year is the whole: the 100万元 project recorded there is inside it
    assert report["funds"] == board["funds"] == 6_000_000
    # a rejected figure leaves again
    reject_fact(actor=wushan, fact=fact(document, "cadres_sent"))
    report, board = figures(wushan, data["p1"])
    assert report["cadres_sent"] == board["cadres_sent"] == 0


def test_pending_figures_do_not_count(data, wushan):
    upload(wushan, WUSHAN_2025)
    report, _board = figures(wushan, data["p1"])
    assert report["cadres_sent"] == 0 and report["professionals_sent"] == W.EXPECTED_WUSHAN_2025["professionals_sent"]


def test_a_figure_counts_only_beyond_the_records_already_counted(data, wushan, admin_user):
    """烟台↔巫山 has one professional posted (医生甲) in 2025; the bulletin says 9 in all."""
    document = upload(wushan, WUSHAN_2025)
    accept_fact(actor=wushan, fact=fact(document, "professionals_sent"))
    report, board = figures(wushan, data["p1"])
    assert report["professionals_sent"] == board["professionals_sent"] == 9  # not 1 + 9
    # 山东↔重庆: 3 posted (甲, 丙, 丁) and 8 more reported under 烟台↔巫山 = 11
    province, _board = figures(admin_user, data["p0"])
    assert province["professionals_sent"] == 11
    # the province's own bulletin says 20 in all: it stands for the whole, not 11 + 20
    accept_fact(actor=admin_user, fact=fact(upload(admin_user, PROVINCE_2025, "b.txt"), "professionals_sent"))
    province, _board = figures(admin_user, data["p0"])
    assert province["professionals_sent"] == 20
    assert figures(wushan, data["p1"])[0]["professionals_sent"] == 9  # the county's own figure is unchanged


def test_the_drill_down_names_the_report_and_adds_up_to_the_figure(data, wushan, client_for):
    document = upload(wushan, WUSHAN_2025)
    accept_fact(actor=wushan, fact=fact(document, "professionals_sent"))
    sel = build_selection(user=wushan, year=2025, pairing=data["p1"].pk)
    (source,) = [s for s in drill_sources("professionals_sent") if s.key.startswith("report_")]
    (record,) = source.records(sel)
    assert record.document == document and record.value == 9 and record.counted == 8
    page = client_for(wushan).get(
        f"/insights/records/?pairing={data['p1'].pk}&year=2025&measure=professionals_sent").content.decode()
    assert re.search(r'id="figure-total">9<', page)
    assert f'href="/reports/{document.pk}/"' in page and str(document) in page
    assert "接受的报告数据" in page or "报告" in page


def test_another_countys_coordinator_does_not_count_them(data, wushan, make_user):
    document = upload(wushan, WUSHAN_2025)
    accept_fact(actor=wushan, fact=fact(document, "cadres_sent"))
    kaizhou = make_user("kz", region="500154")
    report, _board = figures(kaizhou, data["p2"])
    assert report["cadres_sent"] == 0
    sel = build_selection(user=kaizhou, year=2025, side="west", region="500154")
    assert selectors.annual_report(sel).figure("cadres_sent").value == Decimal(0)
