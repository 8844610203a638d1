"""Pages (lists with totals, details, forms with the targets formset) and Excel
(bad rows rejected row by row with nothing stored, export → import round trips)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from xiezuo.cooperation import resources
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.cooperation.tests.world import build
from xiezuo.core.excel import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def sheet_rows(content: bytes):
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def counts():
    return (Agreement.objects.count(), AgreementTarget.objects.count(), Project.objects.count(),
            LabourCooperation.objects.count(), ConsumptionAssistance.objects.count())


def test_lists_show_totals_of_the_filtered_records(world, client_for):
    client = client_for(world["admin"])
    page = client.get("/cooperation/labour/").content.decode()
    assert 'id="total-positions">4,700<' in page and 'id="total-east">180<' in page
    page = client.get("/cooperation/labour/?kind=offline").content.decode()
    assert 'id="total-positions">3,200<' in page and "开州直播带岗" not in page
    # Money in 万元 on the page, the exact yuan on hover (no “6300000.00”).
    page = client.get("/cooperation/projects/?year=2025", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="total-funds"><span class="money" title="6,300,000 元">630 万元</span>' in page
    htmx = client.get("/cooperation/consumption/?q=巫山", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="total-companies">35<' in htmx and "<html" not in htmx
    assert "巫山县中医院" not in client_for(world["stranger"]).get("/cooperation/projects/").content.decode()
    page = client_for(world["coordinator"]).get("/cooperation/agreements/").content.decode()
    assert "烟台—巫山医疗协议" in page and "潍坊—开州教育协议" not in page


def test_agreement_detail_shows_targets_per_year(world, client_for):
    page = client_for(world["coordinator"]).get(world["agreement"].get_absolute_url()).content.decode()
    assert "<th>2025</th><th>2026</th>" in page
    assert "1500000" in page.replace(",", "") and "烟台市—巫山县" in page
    assert client_for(world["stranger"]).get(world["agreement"].get_absolute_url()).status_code == 404


def _agreement_post(world, **extra):
    data = {"title": "页面协议", "kind": "health", "pairing": world["yt_ws"].pk,
            "east_party": "烟台山医院", "west_party": "", "start": "2025-01-01", "end": "2026-12-31",
            "targets-TOTAL_FORMS": "2", "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2025", "targets-0-measure": "trainees", "targets-0-target": "100",
            "targets-1-year": "", "targets-1-measure": "", "targets-1-target": ""}
    data.update(extra)
    return data


def test_agreement_form_with_targets(world, client_for):
    client = client_for(world["coordinator"])
    assert client.get("/cooperation/agreements/new/").status_code == 200
    response = client.post("/cooperation/agreements/new/", _agreement_post(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get(title="页面协议")
    assert agreement.east_party == world["east"]
    assert list(agreement.targets.values_list("year", "target")) == [(2025, Decimal(100))]
    edit = client.get(f"/cooperation/agreements/{agreement.pk}/edit/")
    assert edit.status_code == 200 and 'value="100.00"' in edit.content.decode()
    response = client.post(f"/cooperation/agreements/{agreement.pk}/edit/", _agreement_post(
        world, **{"targets-0-year": "2026", "targets-1-year": "2026", "targets-1-measure": "funds",
                  "targets-1-target": "500000", "version": agreement.version}))
    assert response.status_code == 302
    assert sorted(agreement.targets.values_list("measure", flat=True)) == ["funds", "trainees"]


@pytest.mark.parametrize(("change", "text"), [
    ({"targets-0-year": "2030"}, "The year must lie within the agreement"),
    ({"east_party": "巫山县中医院"}, "is not in the eastern region of the pairing"),
    ({"end": "2024-01-01"}, "The end date must not be before the start date."),
    ({"targets-1-year": "2025", "targets-1-measure": "trainees", "targets-1-target": "1"},
     "already has a target"),
])
def test_agreement_form_errors_store_nothing(world, client_for, change, text):
    client = client_for(world["coordinator"])
    before = counts()
    response = client.post("/cooperation/agreements/new/", _agreement_post(world, **change),
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert text in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(("url", "data", "model"), [
    ("/cooperation/projects/new/", {"name": "页面项目", "category": "health", "year": "2026",
                                    "funds": "100", "status": "planned", "organisation": "巫山县中医院"},
     Project),
    ("/cooperation/labour/new/", {"title": "页面招聘会", "kind": "online", "date": "2026-01-01",
                                  "positions_offered": "10", "people_hired": "3",
                                  "employed_locally": "1", "employed_in_east": "1"}, LabourCooperation),
    ("/cooperation/consumption/new/", {"title": "页面消费", "year": "2026", "companies_registered": "1",
                                       "cooperatives_registered": "0", "sales": "10"},
     ConsumptionAssistance),
])
def test_record_forms(world, client_for, url, data, model):
    client = client_for(world["coordinator"])
    assert client.get(url).status_code == 200
    response = client.post(url, {**data, "pairing": world["yt_ws"].pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    record = model.objects.latest("pk")
    edit_url = record.get_absolute_url() + "edit/"
    assert client.get(edit_url).status_code == 200
    assert client.post(edit_url, {**data, "pairing": world["yt_ws"].pk, "note": "改",
                                  "version": record.version}).status_code == 302
    record.refresh_from_db()
    assert record.note == "改" and record.version == 2
    assert client_for(world["auditor"]).post(edit_url, data).status_code == 403
    assert client_for(world["stranger"]).get(edit_url).status_code == 404


def test_labour_form_error_names_the_field(world, client_for):
    before = counts()
    response = client_for(world["coordinator"]).post("/cooperation/labour/new/", {
        "title": "错", "kind": "online", "date": "2026-01-01", "pairing": world["yt_ws"].pk,
        "positions_offered": "1", "people_hired": "1", "employed_locally": "2", "employed_in_east": "0"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "cannot exceed the people hired" in response.content.decode()
    assert counts() == before


def test_excel_bad_rows_rejected_row_by_row(world):
    actor = world["coordinator"]
    before = counts()
    data = workbook([
        ["ID", "Title", "Kind", "Pairing", "Eastern party", "Western party", "Start", "End"],
        [None, "好协议", "Health", "烟台市—巫山县", "烟台山医院", None, "2025-01-01", "2026-12-31"],
        [None, "坏协议1", "不存在的种类", "烟台市—巫山县", None, None, "2025-01-01", "2026-12-31"],
        [None, "坏协议2", "health", "潍坊市—开州区", None, None, "2025-01-01", "2026-12-31"],
        [None, "坏协议3", "health", "烟台—巫山", "巫山县中医院", None, "2025-01-01", "2024-12-31"],
        [99999, "坏协议4", "health", "烟台—巫山", None, None, "2025-01-01", "2026-12-31"],
    ])
    outcome = run_import(resource=resources.AgreementResource(actor=actor), data=data)
    assert not outcome.applied
    rows = {(e.row, e.column) for e in outcome.errors}
    assert {r for r, _c in rows} == {3, 4, 5, 6}, outcome.errors
    assert all(column for _r, column in rows), outcome.errors
    assert counts() == before
    # targets: an unknown agreement, a year outside, a negative value, an unknown measure
    data = workbook([
        ["Agreement", "Year", "Measure", "Target"],
        ["烟台—巫山医疗协议", 2025, "选派专业技术人才", 30],
        ["没有的协议", 2025, "trainees", 1],
        ["烟台—巫山医疗协议", 2031, "trainees", 1],
        [world["agreement"].pk, 2025, "trainees", -4],
        ["烟台—巫山医疗协议", 2025, "不存在", 4],
        ["潍坊—开州教育协议", 2025, "trainees", 4],
    ])
    outcome = run_import(resource=resources.AgreementTargetResource(actor=actor), data=data)
    assert sorted({e.row for e in outcome.errors}) == [3, 4, 5, 6, 7], outcome.errors
    assert counts() == before
    for resource, rows_ in (
        (resources.ProjectResource, [["Name", "Category", "Pairing", "Plan year", "Funds (yuan)"],
                                     ["p", "health", "烟台—巫山", 2025, "-5"],
                                     ["p", "health", "烟台—巫山", "二〇二五", 5]]),
        (resources.LabourResource, [["Title", "Kind", "Pairing", "Date", "People hired", "Employed locally"],
                                    ["l", "online", "烟台—巫山", "2025-01-01", 1, 5],
                                    ["l", "online", "烟台—巫山", "2025年13月1日", 1, 0]]),
        (resources.ConsumptionResource, [["Title", "Pairing", "Year", "Sales (yuan)"],
                                         ["c", "烟台—巫山", 2025, "很多"],
                                         ["c", "烟台—开州", 2025, 5]]),
    ):
        outcome = run_import(resource=resource(actor=actor), data=workbook(rows_))
        assert sorted({e.row for e in outcome.errors}) == [2, 3], (resource, outcome.errors)
        assert all(e.column for e in outcome.errors), outcome.errors
    assert counts() == before


def test_excel_labels_and_chinese_headers(world):
    actor = world["coordinator"]
    with translation.override("zh-hans"):
        resource = resources.AgreementTargetResource(actor=actor)
        headers = [resource.fields[n].column_name for n in ("agreement", "year", "measure", "target")]
        assert all(not h.isascii() for h in headers), headers  # the Chinese headers
        data = workbook([headers, ["烟台—巫山医疗协议", 2026, "Trainees", "1,200"]])
        outcome = run_import(resource=resource, data=data)
    assert outcome.applied, outcome.errors
    assert world["agreement"].targets.get(year=2026, measure="trainees").target == Decimal(1200)


@pytest.mark.parametrize(("kind", "resource", "model"), [
    ("agreement", resources.AgreementResource, Agreement),
    ("agreement_target", resources.AgreementTargetResource, AgreementTarget),
    ("project", resources.ProjectResource, Project),
    ("labour", resources.LabourResource, LabourCooperation),
    ("consumption", resources.ConsumptionResource, ConsumptionAssistance),
])
def test_export_import_round_trip(world, client_for, kind, resource, model):
    client = client_for(world["coordinator"])
    export = client.get(reverse(f"cooperation:{kind}_export"))
    assert export.status_code == 200
    rows = sheet_rows(export.content)
    text = " ".join(str(c) for row in rows for c in row)
    assert "开州" not in text and "潍坊" not in text  # out of scope: not exported
    before = counts()
    outcome = run_import(resource=resource(actor=world["coordinator"]), data=export.content)
    assert outcome.applied, outcome.errors
    assert outcome.updated == len(rows) - 1 and outcome.created == 0
    assert counts() == before
    # The same rows without their IDs are new records (targets: the same keys, so updates).
    for row in rows[1:]:
        row[0] = None
        if kind == "agreement":
            row[1] = f"{row[1]}（续）"
    outcome = run_import(resource=resource(actor=world["coordinator"]), data=workbook(rows))
    assert outcome.applied, outcome.errors
    assert outcome.created == (0 if kind == "agreement_target" else len(rows) - 1)
    template = client.get(reverse(f"cooperation:{kind}_template"))
    assert sheet_rows(template.content)[0] == rows[0]
    assert client.get(reverse(f"cooperation:{kind}_import")).status_code == 200


def test_import_page_upload(world, client_for):
    client = client_for(world["coordinator"])
    data = workbook([["Title", "Pairing", "Year", "Sales (yuan)"], ["网页导入", "烟台—巫山", 2026, 7]])
    response = client.post("/cooperation/consumption/import/",
                           {"file": io.BytesIO(data)} | {}, format="multipart")
    assert response.status_code in (200, 302)


def test_money_columns_in_ten_thousands_with_the_exact_yuan_on_hover(world, client_for):
    client = client_for(world["admin"])
    page = client.get("/cooperation/projects/?year=2025").content.decode()
    assert '<span title="3,500,000 元">350 万元</span>' in page and "3500000.00" not in page
    page = client.get("/cooperation/consumption/").content.decode()
    assert '<span title="86,000,000 元">8,600 万元</span>' in page


def test_detail_pages_show_money_in_wan_yuan_with_the_exact_yuan_on_hover(world, client_for):
    page = client_for(world["coordinator"]).get(
        world["consumption"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<span class="money" title="86,000,000 元">8,600 万元</span>' in page
    assert "86000000.00" not in page
