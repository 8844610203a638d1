"""Lost updates on the edit pages (issue 11, finding 5).

For each edit page: open the form (GET, the version read from the rendered form), change
the record through the JSON API in between (PATCH with its version), then post the form
that was opened before: the page answers 409 with the conflict on the form and the user's
input kept, and the API's change — an agreement's targets included — is what stays
stored. A form opened afterwards still saves; a form without a version is refused.
"""

from decimal import Decimal

import pytest

from xiezuo.cooperation import resources
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.cooperation.tests.test_pages_excel import workbook
from xiezuo.cooperation.tests.world import build
from xiezuo.core.excel import run_import
from xiezuo.core.tests.versions import NO_VERSION, check_stale_form, form_data

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def _targets(agreement):
    return sorted(AgreementTarget.objects.filter(agreement=agreement)
                  .values_list("year", "measure", "target"))


# Per page: world key, model, page URL segment, API path, the API's change, the page's change
# (its first entry a text field), and a check that the stored record shows the API's change.
PAGES = {
    "agreement": ("agreement", Agreement, "agreements", "/api/agreements/",
                  {"note": "接口改的备注",
                   "targets": [{"year": 2025, "measure": "professionals_sent", "target": 30}]},
                  {"title": "页面改的标题", "note": "页面改的备注", "targets-0-target": "9"},
                  lambda r: (r.title, r.note) == ("烟台—巫山医疗协议", "接口改的备注")
                  and _targets(r) == [(2025, "professionals_sent", Decimal(30))]),
    "project": ("project", Project, "projects", "/api/projects/", {"funds": "4000000"},
                {"name": "页面改的项目名", "funds": "1"},
                lambda r: (r.name, r.funds) == ("巫山远程会诊中心", Decimal(4000000))),
    "labour": ("labour", LabourCooperation, "labour", "/api/labour/", {"people_hired": 430},
               {"title": "页面改的招聘会", "people_hired": "400"},
               lambda r: (r.title, r.people_hired) == ("巫山现场招聘会", 430)),
    "consumption": ("consumption", ConsumptionAssistance, "consumption", "/api/consumption/",
                    {"sales": "90000000"}, {"title": "页面改的消费帮扶", "sales": "1"},
                    lambda r: (r.title, r.sales) == ("巫山脆李进烟台", Decimal(90000000))),
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_stale_edit_form_is_refused_and_the_api_change_kept(world, client_for, kind):
    key, model, segment, api, api_change, page_change, api_change_kept = PAGES[kind]
    record = world[key]
    check_stale_form(
        client_for(world["coordinator"]), model=model, record=record,
        url=f"/cooperation/{segment}/{record.pk}/edit/", api_url=f"{api}{record.pk}",
        api_change=api_change, page_change=page_change, api_change_kept=api_change_kept,
        nested=lambda: sorted(AgreementTarget.objects.values_list("agreement", "year", "measure",
                                                                  "target")))
    stored = model.objects.get(pk=record.pk)
    text_field, text = next(iter(page_change.items()))
    assert getattr(stored, text_field) == text
    if kind == "agreement":
        assert _targets(stored) == [(2025, "professionals_sent", Decimal(9))]


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("version", [None, "", "abc", "0"])
def test_form_without_a_valid_version_is_refused(world, client_for, kind, version):
    key, model, segment, _api, _api_change, page_change, _check = PAGES[kind]
    record = world[key]
    client = client_for(world["coordinator"])
    url = f"/cooperation/{segment}/{record.pk}/edit/"
    data = {**form_data(client.get(url)), **page_change}
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    targets_before = _targets(world["agreement"])
    response = client.post(url, data)
    assert response.status_code == 422
    body = response.content.decode()
    assert NO_VERSION in body and "请重新打开该记录后再改" in body
    assert "隐藏字段" not in body  # said on the form, not as a hidden field's error
    stored = model.objects.get(pk=record.pk)
    text_field, text = next(iter(page_change.items()))
    assert stored.version == record.version and getattr(stored, text_field) != text
    assert _targets(world["agreement"]) == targets_before


@pytest.mark.parametrize("kind", list(PAGES))
def test_stale_form_of_a_read_only_role_or_outsider_is_refused_first(world, client_for, kind):
    key, model, segment, _api, _api_change, page_change, _check = PAGES[kind]
    record = world[key]
    url = f"/cooperation/{segment}/{record.pk}/edit/"
    data = {**form_data(client_for(world["coordinator"]).get(url)), **page_change}
    model.objects.get(pk=record.pk).save()  # someone else's change
    assert client_for(world["auditor"]).post(url, data).status_code == 403
    assert client_for(world["stranger"]).post(url, data).status_code == 404
    assert model.objects.get(pk=record.pk).version == record.version + 1


def test_stale_targets_alone_do_not_overwrite(world, client_for):
    """Only the targets changed on both sides: the stale form's targets are not stored."""
    agreement = world["agreement"]
    client = client_for(world["coordinator"])
    url = f"/cooperation/agreements/{agreement.pk}/edit/"
    opened = form_data(client.get(url))
    assert (opened["targets-0-year"], opened["targets-0-measure"]) == ("2025", "funds")
    r = client.patch(f"/api/agreements/{agreement.pk}", {"version": agreement.version, "targets": [
        {"year": 2026, "measure": "trainees", "target": 500}]}, content_type=JSON)
    assert r.status_code == 200, r.content
    response = client.post(url, {**opened, "targets-0-DELETE": "on", "targets-3-year": "2026",
                                 "targets-3-measure": "trainees", "targets-3-target": "1"})
    assert response.status_code == 409
    kept = form_data(response)
    assert kept["targets-0-DELETE"] == "on" and kept["targets-3-target"] == "1"
    assert _targets(agreement) == [(2026, "trainees", Decimal(500))]


def test_targets_imported_from_excel_are_not_overwritten_by_a_stale_form(world, client_for):
    """Targets may also change through the Excel import of targets: that is a change of the
    agreement too, so a form opened before it is refused."""
    agreement = world["agreement"]
    client = client_for(world["coordinator"])
    url = f"/cooperation/agreements/{agreement.pk}/edit/"
    opened = form_data(client.get(url))
    outcome = run_import(resource=resources.AgreementTargetResource(actor=world["coordinator"]),
                         data=workbook([["Agreement", "Year", "Measure", "Target"],
                                        ["烟台—巫山医疗协议", 2026, "trainees", 1200],
                                        ["烟台—巫山医疗协议", 2025, "funds", 1800000]]))
    assert outcome.applied, outcome.errors
    imported = _targets(agreement)
    assert (2026, "trainees", Decimal(1200)) in imported
    assert (2025, "funds", Decimal(1800000)) in imported
    response = client.post(url, {**opened, "note": "页面改的备注"})
    assert response.status_code == 409
    assert _targets(agreement) == imported
    assert Agreement.objects.get(pk=agreement.pk).note == ""
    # Reopened, the form shows the imported targets and saves them as they are.
    fresh = form_data(client.get(url))
    assert client.post(url, {**fresh, "note": "页面改的备注"}).status_code == 302
    assert _targets(agreement) == imported
