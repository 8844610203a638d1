"""Lost updates on the edit pages (issue 11, finding 5).

For each edit page: open the form (GET, the version read from the rendered form), change
the record through the JSON API in between (PATCH with its version), then post the form
that was opened before: the page answers 409 with the conflict on the form and the user's
input kept, and the API's change — nested figures included — is what stays stored. A form
opened afterwards still saves; a form without a version is refused.
"""

import datetime
from decimal import Decimal

import pytest

from xiezuo.activities.models import Activity, ActivityMetric, Event, TrainingClass
from xiezuo.activities.tests.test_pages import _seed
from xiezuo.activities.tests.world import build
from xiezuo.core.tests.versions import NO_VERSION, check_stale_form, form_data

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def _patch(client, url, body):
    r = client.patch(url, body, content_type=JSON)
    assert r.status_code == 200, r.content
    return r.json()


# Per page: model, page URL, API URL, the API's change, the page's change, and a check that
# the stored record shows the API's change and not the stale page's.
PAGES = {
    "event": (Event, "/activities/events/{pk}/edit/", "/api/events/{pk}",
              {"place": "接口改的地点"}, {"name": "页面改的名称", "place": "页面改的地点"},
              lambda r: (r.name, r.place) == ("烟台专家组巫山行", "接口改的地点")),
    "activity": (Activity, "/activities/{pk}/edit/", "/api/activities/{pk}",
                 {"place": "接口改的地点",
                  "metrics": [{"indicator": "medical_services", "value": "999", "unit": "人次"},
                              {"indicator": "outcomes", "subject": "建议", "value": "3"}]},
                 {"title": "页面改的标题", "metrics-0-value": "555"},
                 lambda r: r.title == "巫山义诊" and r.place == "接口改的地点" and sorted(
                     r.metrics.values_list("indicator", "subject", "value")) == [
                     ("medical_services", "", Decimal(999)), ("outcomes", "建议", Decimal(3))]),
    "training": (TrainingClass, "/activities/trainings/{pk}/edit/", "/api/training-classes/{pk}",
                 {"place": "接口改的地点", "sessions": 6}, {"name": "页面改的名称", "sessions": "5"},
                 lambda r: (r.name, r.place, r.sessions) == ("乡村医生培训班", "接口改的地点", 6)),
}


def _record(world, kind):
    event, activity, klass = _seed(world)
    return {"event": event, "activity": activity, "training": klass}[kind]


@pytest.mark.parametrize("kind", list(PAGES))
def test_stale_edit_form_is_refused_and_the_api_change_kept(world, client_for, kind):
    model, page, api, api_change, page_change, api_change_kept = PAGES[kind]
    record = _record(world, kind)
    fresh = check_stale_form(
        client_for(world["coordinator"]), model=model, record=record,
        url=page.format(pk=record.pk), api_url=api.format(pk=record.pk), api_change=api_change,
        page_change=page_change, api_change_kept=api_change_kept,
        nested=lambda: sorted(ActivityMetric.objects.values_list("activity", "indicator", "value")))
    assert fresh["place"] == "接口改的地点"  # the fresh form shows the API's change
    stored = model.objects.get(pk=record.pk)
    for name, value in page_change.items():
        if not name.startswith("metrics-"):
            assert str(getattr(stored, name)) == value, name
    if kind == "activity":
        assert sorted(stored.metrics.values_list("indicator", "value")) == [
            ("medical_services", Decimal(555)), ("outcomes", Decimal(3))]


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("version", [None, "", "abc", "0", "-1"])
def test_form_without_a_valid_version_is_refused(world, client_for, kind, version):
    model, page, _api, _api_change, page_change, _check = PAGES[kind]
    record = _record(world, kind)
    client = client_for(world["coordinator"])
    url = page.format(pk=record.pk)
    data = {**form_data(client.get(url)), **page_change}
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    response = client.post(url, data)
    assert response.status_code == 422
    body = response.content.decode()
    assert NO_VERSION in body and "请重新打开该记录后再改" in body
    assert "隐藏字段" not in body  # said on the form, not as a hidden field's error
    stored = model.objects.get(pk=record.pk)
    assert stored.version == record.version
    assert all(str(getattr(stored, n, "")) != v for n, v in page_change.items())


@pytest.mark.parametrize("kind", list(PAGES))
def test_stale_form_of_a_read_only_role_or_outsider_is_refused_first(world, client_for, kind):
    model, page, _api, _api_change, page_change, _check = PAGES[kind]
    record = _record(world, kind)
    url = page.format(pk=record.pk)
    data = {**form_data(client_for(world["coordinator"]).get(url)), **page_change}
    model.objects.get(pk=record.pk).save()  # someone else's change
    assert client_for(world["auditor"]).post(url, data).status_code == 403
    assert client_for(world["outsider"]).post(url, data).status_code == 404
    assert model.objects.get(pk=record.pk).version == record.version + 1


def test_stale_figures_alone_do_not_overwrite(world, client_for):
    """Only the figures changed on both sides: the stale form's figures are not stored."""
    _event, activity, _klass = _seed(world)
    client = client_for(world["coordinator"])
    url = f"/activities/{activity.pk}/edit/"
    opened = form_data(client.get(url))
    assert opened["metrics-0-value"] == "202.00"
    _patch(client, f"/api/activities/{activity.pk}", {"version": activity.version, "metrics": [
        {"indicator": "medical_services", "value": "240", "unit": "人次"}]})
    response = client.post(url, {**opened, "metrics-0-DELETE": "on", "metrics-1-indicator": "outcomes",
                                 "metrics-1-value": "8"})
    assert response.status_code == 409
    kept = form_data(response)
    assert kept["metrics-0-DELETE"] == "on" and kept["metrics-1-value"] == "8"
    assert list(activity.metrics.values_list("indicator", "value")) == [
        ("medical_services", Decimal(240))]
