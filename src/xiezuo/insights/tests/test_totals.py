"""Dashboard and annual-report totals equal the sums of the records (constructed data)."""

from decimal import Decimal

import pytest

from xiezuo.core.errors import DomainError, NotFound
from xiezuo.insights import selectors
from xiezuo.insights.measures import drill_sources
from xiezuo.insights.selection import build_selection
from xiezuo.insights.tests import world as W

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(refdata):
    return W.build()


def test_annual_report_of_the_province_pair(data, admin_user):
    sel = build_selection(user=admin_user, year=2025, pairing=data["p0"].pk)
    report = selectors.annual_report(sel)
    values = {f.measure: f.value for f in report.figures}
    assert values == {k: Decimal(v) for k, v in W.EXPECTED_2025.items()}
    assert report.figure("professionals_sent").target == W.TARGETS_2025["professionals_sent"]
    assert report.figure("professionals_sent").status == "not_met"
    assert report.figure("trainees").status == "met"
    assert report.figure("funds").status == "no_target"


def test_every_figure_equals_its_records(data, admin_user):
    """The drill-down lists exactly what the figure adds up (distinct people, sums, counts)."""
    sel = build_selection(user=admin_user, year=2025, pairing=data["p0"].pk)
    report = selectors.annual_report(sel)
    for figure in report.figures:
        total = Decimal(0)
        for source in drill_sources(figure.measure):
            records = list(source.records(sel))
            part = source.parts[0]
            if part.agg.__name__ == "Sum":
                total += sum((Decimal(getattr(r, part.expr)) for r in records), Decimal(0))
            elif source.key == "trainee_people":
                total += len({r.identity for r in records if r.sessions_attended})
            elif source.key == "mentorship_pairs":
                total += sum(r.apprentices.count() for r in records)
            elif part.distinct:
                total += len({getattr(r, f"{part.expr}_id", None) or getattr(r, part.expr) for r in records})
            else:
                total += len(records)
        assert total == figure.value, figure.measure


def test_person_times_are_not_people(data, admin_user):
    sel = build_selection(user=admin_user, year=2025, pairing=data["p1"].pk)
    values = {f.measure: f.value for f in selectors.annual_report(sel).figures}
    # 戊 and 张三 each attended two classes; 李四 enrolled and never came.
    assert values["trainees"] - 10 == 2
    assert values["training_person_times"] - 320 == 4


def test_out_of_scope_records_are_left_out(data, make_user):
    wushan = make_user("ws", region="500237")
    sel = build_selection(user=wushan, year=2025, pairing=data["p1"].pk)
    values = {f.measure: f.value for f in selectors.annual_report(sel).figures}
    for measure, expected in W.EXPECTED_WUSHAN_2025.items():
        assert values[measure] == expected, measure
    with pytest.raises(NotFound):
        build_selection(user=wushan, year=2025, pairing=data["p0"].pk)
    with pytest.raises(NotFound):
        build_selection(user=wushan, year=2025, pairing=data["p2"].pk)


def test_side_selection_takes_the_pairings_in_scope(data, make_user):
    yantai = make_user("yt", region="370600")
    sel = build_selection(user=yantai, year=2025, side="east", region="370000")
    assert sel.pairing_ids == (data["p1"].pk,)
    values = {f.measure: f.value for f in selectors.annual_report(sel).figures}
    assert values["funds"] == 1_000_000 and values["jobs"] == 50


def test_dashboard_headline_trend_and_flows(data, admin_user):
    sel = build_selection(user=admin_user, year=2025, pairing=data["p0"].pk)
    board = selectors.dashboard(sel)
    figures = {f.measure: f for f in board.headline}
    assert figures["professionals_sent"].value == 3
    assert board.trends["cadres_sent"][-2:] == [1, 0]  # 乙 in 2024
    assert board.on_post == 1  # 甲's second posting
    east_west = {(link["source"], link["target"]): link["value"] for link in board.flows["east_west"]}
    assert sum(east_west.values()) == 3
    assert [link["value"] for link in board.flows["west_east"]] == [1]


def test_coverage_matrix_and_gaps(data, admin_user):
    sel = build_selection(user=admin_user, year=2025, pairing=data["p0"].pk)
    cov = selectors.coverage(sel)
    assert [c.code for c in cov.counties] == ["500154", "500237"]
    medical = next(c for c in cov.columns if c.domain == "medical" and not c.stage)
    education = next(c for c in cov.columns if c.domain == "education" and not c.stage)
    senior = next(c for c in cov.columns if c.stage == "senior")
    assert cov.count("500237", medical) == 2 + 1 + 1  # 甲 twice, the clinic, the class for 巫山
    assert cov.count("500237", education) == 0  # 丙's posting there was only planned
    assert cov.count("500237", senior) == 0
    assert cov.count("500154", education) == 1 + 1 + 1  # 丙, the lesson, the teachers' class
    assert cov.gaps == cov.cell_count - sum(1 for _c, cells in cov.rows() for _col, n in cells if n)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"year": "abc", "pairing": 1}, "year"), ({"year": 1800, "pairing": 1}, "year"),
    ({"year": 2025, "pairing": "x"}, "pairing"), ({"year": 2025}, "pairing"),
    ({"year": 2025, "side": "east", "region": "999999"}, "region"),
])
def test_bad_selection_names_the_field(data, admin_user, kwargs, field):
    with pytest.raises(DomainError) as caught:
        build_selection(user=admin_user, **kwargs)
    assert caught.value.field == field
