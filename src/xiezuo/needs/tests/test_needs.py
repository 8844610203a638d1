"""Needs: lifecycle, field errors, Excel, API, pages and scope."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from xiezuo.core.errors import IllegalTransition
from xiezuo.core.excel import run_import
from xiezuo.needs import services
from xiezuo.needs.choices import NeedStatus
from xiezuo.needs.models import Need, Round
from xiezuo.needs.resources import NeedResource
from xiezuo.needs.tests.world import build
from xiezuo.needs.transitions import TRANSITIONS, allowed_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def test_transition_table():
    assert allowed_actions("draft") == ["submit", "close_unfillable"]
    assert allowed_actions("submitted") == ["approve", "reject"]
    assert allowed_actions("reviewed") == ["approve", "reject"]
    assert allowed_actions("approved") == ["publish", "close_unfillable"]
    assert "filled" in TRANSITIONS["partially_filled"] and not TRANSITIONS["closed"]


def test_lifecycle_legal_and_illegal(world):
    admin = world["admin"]
    need = services.create_need(actor=admin, organisation=world["west"], domain="medical",
                                specialty_text="骨科", start="2027-01-01", end="2027-03-01")
    assert need.status == NeedStatus.DRAFT
    with pytest.raises(IllegalTransition):
        services.transition_need(actor=admin, need=need, action="close")
    with pytest.raises(ValidationError) as exc:
        services.transition_need(actor=admin, need=need, action="close_unfillable")
    assert "reason" in exc.value.message_dict
    need = services.transition_need(actor=admin, need=need, action="close_unfillable",
                                    reason="县里已自行招聘")
    assert (need.status, need.closed_reason) == (NeedStatus.CLOSED_UNFILLABLE, "县里已自行招聘")
    with pytest.raises(IllegalTransition):
        services.transition_need(actor=admin, need=need, action="publish")


@pytest.mark.parametrize(("changes", "field"), [
    ({"specialty_text": ""}, "specialty"),
    ({"end": "2026-01-01"}, "end"),
    ({"slots": 0}, "slots"),
])
def test_bad_input_names_the_field(world, changes, field):
    data = {"organisation": world["west"], "domain": "medical", "specialty_text": "骨科",
            "start": "2027-01-01", "end": "2027-03-01", "slots": 1, **changes}
    before = Need.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_need(actor=world["admin"], **data)
    assert field in exc.value.message_dict
    assert Need.objects.count() == before


def test_form_shows_field_errors_and_stores_nothing(world, client_for):
    client = client_for(world["coordinator"])
    before = Need.objects.count()
    response = client.post("/needs/new/", {
        "organisation": world["west"].pk, "domain": "medical", "slots": 0, "min_title_level": 3,
        "mode": "long_posting", "start": "2027-05-01", "end": "2027-01-01", "min_days": 0,
        "priority": 3})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"specialty", "end", "slots"} <= set(errors)
    assert Need.objects.count() == before
    response = client.post("/needs/new/", {
        "organisation": world["west"].pk, "domain": "medical", "specialty_text": "儿科", "slots": 2,
        "min_title_level": 3, "mode": "long_posting", "start": "2027-01-01", "end": "2027-05-01",
        "min_days": 30, "priority": 4})
    assert response.status_code == 302
    need = Need.objects.latest("pk")
    assert client.post(f"/needs/{need.pk}/submit/").status_code == 302
    assert Need.objects.get(pk=need.pk).status == "submitted"
    # the coordinator who submitted it on the unit's behalf may not approve it himself
    page = client.post(f"/needs/{need.pk}/approve/", follow=True).content.decode()
    assert "您本人提交" in page and Need.objects.get(pk=need.pk).status == "submitted"
    services.approve_need(actor=world["admin"], need=need, comment="同意")
    assert client.post(f"/needs/{need.pk}/publish/").status_code == 302
    assert Need.objects.get(pk=need.pk).status == "published"
    assert "儿科" in client.get(f"/needs/{need.pk}/").content.decode()


def test_excel_import_bad_rows_and_round_trip(world):
    admin = world["admin"]
    resource = NeedResource(actor=admin)
    labels = {name: resource.fields[name].column_name for name in resource.fields}
    headers = [labels[n] for n in ("organisation", "domain", "specialty", "slots", "start", "end")]
    good = ["巫山县中医院", "医疗卫生", "神经外科", 2, "2027/3/1", "2027年8月31日"]
    no_specialty = ["巫山县中医院", "医疗卫生", "", 1, "2027-03-01", "2027-08-31"]
    backwards = ["巫山县中医院", "医疗卫生", "骨科", 1, "2027-08-01", "2027-03-01"]
    zero = ["巫山县中医院", "医疗卫生", "骨科", 0, "2027-03-01", "2027-08-31"]
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (headers, good, no_specialty, backwards, zero):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    before = Need.objects.count()
    outcome = run_import(resource=resource, data=data.getvalue())
    assert not outcome.applied
    found = {(e.row, e.column) for e in outcome.errors}
    assert (3, labels["specialty"]) in found
    assert (4, labels["end"]) in found
    assert (5, labels["slots"]) in found
    assert Need.objects.count() == before
    book = openpyxl.Workbook()
    book.active.append(headers)
    book.active.append(good)
    data = io.BytesIO()
    book.save(data)
    outcome = run_import(resource=NeedResource(actor=admin), data=data.getvalue())
    assert outcome.applied and outcome.created == 1, outcome.errors
    need = Need.objects.latest("pk")
    assert need.specialty == world["neuro"] and need.status == "draft" and need.slots == 2


def test_export_and_template(world, client_for):
    client = client_for(world["coordinator"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/needs/export.xlsx").content)).active
    assert sheet.max_row == 3  # header + the two needs of 巫山
    assert client.get("/needs/template.xlsx").status_code == 200


def test_api_crud_and_transitions(world, client_for):
    client = client_for(world["coordinator"])
    body = {"organisation": world["west"].pk, "domain": "education", "specialty_text": "数学",
            "slots": 1, "start": "2027-09-01", "end": "2028-07-01"}
    response = client.post("/api/needs/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    bad = client.post("/api/needs/", {**body, "end": "2027-01-01"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "end"]
    response = client.patch(f"/api/needs/{pk}", {"priority": 5}, content_type="application/json")
    assert response.status_code == 422  # the version is required
    response = client.patch(f"/api/needs/{pk}", {"priority": 5, "version": 1},
                            content_type="application/json")
    assert response.json()["priority"] == 5
    response = client.post(f"/api/needs/{pk}/publish", content_type="application/json")
    assert response.status_code == 409  # not approved yet
    response = client.post(f"/api/needs/{pk}/submit", {"comment": "请审核"},
                           content_type="application/json")
    assert response.json()["status"] == "submitted"
    assert response.json()["decisions"][0]["step"] == "submitted"
    response = client.post(f"/api/needs/{pk}/submit", content_type="application/json")
    assert response.status_code == 409
    response = client.patch(f"/api/needs/{pk}", {"priority": 4, "version": 3},
                            content_type="application/json")
    assert response.status_code == 409  # being approved: not changed meanwhile
    admin = client_for(world["admin"])
    response = admin.post(f"/api/needs/{pk}/approve", {"comment": "同意"},
                          content_type="application/json")
    assert response.json()["status"] == "approved"
    response = client.post(f"/api/needs/{pk}/publish", content_type="application/json")
    assert response.json()["status"] == "published"


def test_api_round_run_pin_approve(world, client_for):
    client = client_for(world["coordinator"])
    response = client.post("/api/rounds/", {"name": "API 轮", "needs": [world["need"].pk,
                                                                        world["unfillable"].pk],
                                            "weights": {"title": 30}},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    result = client.post(f"/api/rounds/{pk}/run").json()["result"]
    assert result["unfilled"][0]["reason_code"] == "no_specialty"
    second = world["people"]["乙医生"].pk
    response = client.post(f"/api/rounds/{pk}/pin", {"need": world["need"].pk, "person": second},
                           content_type="application/json")
    assert response.json()["pins"] == [[world["need"].pk, second]]
    client.post(f"/api/rounds/{pk}/run")
    response = client.post(f"/api/rounds/{pk}/approve", {"comment": "西部同意"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {"round": pk, "postings": [], "placements": [], "sides": ["west"],
                               "waiting": ["east"]}
    assert client.post(f"/api/rounds/{pk}/approve", content_type="application/json").status_code == 409  # already approved
    east = client_for(world["east_coordinator"])
    assert east.get(f"/api/rounds/{pk}").json()["east_region"] == "370600"
    response = east.post(f"/api/rounds/{pk}/approve", content_type="application/json")
    assert response.status_code == 200, response.content
    assert len(response.json()["postings"]) == 1 and response.json()["waiting"] == []
    assert client.post(f"/api/rounds/{pk}/approve", content_type="application/json").status_code == 409


def test_scope_another_county_sees_nothing(world, client_for):
    round_ = services.create_round(actor=world["coordinator"], name="巫山轮", needs=[world["need"]])
    client = client_for(world["stranger"])
    need = world["need"]
    assert client.get(f"/needs/{need.pk}/").status_code == 404
    assert client.get(f"/needs/rounds/{round_.pk}/").status_code == 404
    assert client.post(f"/needs/rounds/{round_.pk}/run/").status_code == 404
    assert client.get(f"/api/needs/{need.pk}").status_code == 404
    assert client.get(f"/api/rounds/{round_.pk}").status_code == 404
    assert "巫山县中医院" not in client.get("/needs/?q=神经").content.decode()
    assert "巫山轮" not in client.get("/needs/rounds/").content.decode()
    assert client.get("/api/needs/").json()["count"] == 0
    assert client.get("/api/rounds/").json()["count"] == 0
    assert Round.objects.count() == 1


def test_round_pages(world, client_for):
    client = client_for(world["coordinator"])
    response = client.post("/needs/rounds/new/", {
        "name": "页面轮", "needs": [world["need"].pk, world["unfillable"].pk],
        "w_specialty": 35, "w_title": 10, "w_pairing": 20, "w_availability": 10,
        "w_continuity": 5, "w_fairness": 5, "w_priority": 15})
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = Round.objects.get(name="页面轮")
    assert client.post(f"/needs/rounds/{round_.pk}/run/").status_code == 302
    page = client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert "甲医生" in page and 'data-reason="no_specialty"' in page
    status = client.get(f"/needs/rounds/{round_.pk}/status/")
    assert status.status_code == 200
    plan = openpyxl.load_workbook(io.BytesIO(client.get(f"/needs/rounds/{round_.pk}/plan.xlsx").content))
    assert plan.worksheets[0].cell(2, 4).value == "甲医生"
    assert client.post(f"/needs/rounds/{round_.pk}/approve/").status_code == 302
    assert Round.objects.get(pk=round_.pk).status == "done"  # the eastern side has not approved
    east = client_for(world["east_coordinator"])
    assert east.post(f"/needs/rounds/{round_.pk}/approve/").status_code == 302
    assert Round.objects.get(pk=round_.pk).status == "approved"


def _need_form_data(need, **changes):
    data = {"organisation": need.organisation_id, "team": "", "role": need.role,
            "domain": need.domain, "specialty": need.specialty_id or "",
            "specialty_text": need.specialty_text, "slots": need.slots,
            "min_title_level": need.min_title_level, "mode": need.mode,
            "start": need.start.isoformat(), "end": need.end.isoformat(),
            "min_days": need.min_days, "priority": need.priority, "problem": need.problem}
    return {**data, **changes}


def test_edit_page_refuses_a_stale_form(world, client_for):
    """Issue 11, finding 5: the edit form carries the version it was loaded with; a change
    made through the API in between is kept, the stale form is refused with a message."""
    client = client_for(world["coordinator"])
    need = world["need"]
    form = client.get(f"/needs/{need.pk}/edit/")
    assert form.status_code == 200
    loaded = form.context["form"]["version"].value()
    assert loaded == need.version
    response = client.patch(f"/api/needs/{need.pk}", {"problem": "API 改过的问题", "version": loaded},
                            content_type="application/json")
    assert response.status_code == 200
    stale = client.post(f"/needs/{need.pk}/edit/",
                        _need_form_data(need, problem="旧表单的问题", version=loaded))
    assert stale.status_code == 409
    assert "在您打开后已被他人修改" in stale.content.decode()
    assert Need.objects.get(pk=need.pk).problem == "API 改过的问题"
    # Without a version the form is refused too (an old page, a hand-made POST).
    response = client.post(f"/needs/{need.pk}/edit/", _need_form_data(need, problem="无版本"))
    assert response.status_code == 422
    assert "未注明它是在记录的哪个版本上打开的" in response.content.decode()
    # Reloaded, the same change goes through.
    fresh = Need.objects.get(pk=need.pk)
    response = client.post(f"/needs/{need.pk}/edit/",
                           _need_form_data(fresh, problem="重新打开后修改", version=fresh.version))
    assert response.status_code == 302
    assert Need.objects.get(pk=need.pk).problem == "重新打开后修改"
