"""The generic create/edit page (`core.form_views.ScopedFormView`) and the one way a service's
errors reach a form (`core.forms.apply_errors`), on organisations through a small page made
for the test: create, edit, a stale version, out of scope (404), read-only (403), an error on
its field, an error of a field the form does not show (at the top), child rows."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import path

from xiezuo.config.urls import urlpatterns as site_urls
from xiezuo.core.form_views import ScopedFormView
from xiezuo.core.forms import RowSet, ServiceForm, VersionMixin, apply_errors
from xiezuo.core.scoping import scoped
from xiezuo.core.services import save_changes, save_new
from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.core.tests.versions import form_data
from xiezuo.core.types import Actor
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class OrganisationForm(ServiceForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "note"]

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("region", scoped(Region, user))


class OrganisationEditForm(VersionMixin, OrganisationForm):
    pass


def refuse(note: str) -> None:
    """The service's own checks: one names a field of the form, one a field it lacks."""
    if note == "field":
        raise ValidationError({"note": ["备注不合适"]})
    if note == "elsewhere":
        raise ValidationError({"budget": ["预算不足"]})


def create_organisation(*, actor: Any, **fields: Any) -> Organisation:
    refuse(fields.get("note", ""))
    return save_new(actor=actor, instance=Organisation(**fields))


def update_organisation(*, actor: Any, instance: Organisation, changes: dict[str, Any],
                        expected_version: int) -> Organisation:
    refuse(changes.get("note", ""))
    return save_changes(actor=actor, instance=instance, changes=changes,
                        expected_version=expected_version)


class OrganisationFormView(ScopedFormView):
    model = Organisation
    form_class = OrganisationForm
    edit_form_class = OrganisationEditForm
    create = create_organisation
    update = update_organisation
    template_name = "exchange/form.html"
    title = "新机构"
    saved_message = "机构已保存"
    initial_params = ("note",)


urlpatterns = [
    *site_urls,
    path("form-views/new/", OrganisationFormView.as_view(), name="test_org_create"),
    path("form-views/<int:pk>/edit/", OrganisationFormView.as_view(), name="test_org_edit"),
]


@pytest.fixture
def coordinator(refdata, make_user):
    return make_user("wushan", region="500237")


def test_create(coordinator, client_for):
    client = client_for(coordinator)
    page = client.get("/form-views/new/?note=来自链接&kind=school")
    assert page.status_code == 200 and page.context["title"] == "新机构"
    assert form_data(page)["note"] == "来自链接" and form_data(page)["kind"] != "school"
    wushan = region("500237")
    response = client.post("/form-views/new/", {"name": "巫山县新医院", "kind": "hospital",
                                                "region": wushan.pk, "note": ""})
    created = Organisation.objects.get(name="巫山县新医院")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert [str(m) for m in response.wsgi_request._messages] == ["机构已保存"]


def test_edit_and_stale_version(coordinator, client_for):
    org = OrganisationFactory(name="巫山县中医院")
    client = client_for(coordinator)
    url = f"/form-views/{org.pk}/edit/"
    page = client.get(url)
    assert page.context["record"] == org and page.context["title"] == "编辑：巫山县中医院"
    opened = form_data(page)
    assert opened["version"] == "1" and opened["name"] == "巫山县中医院"
    response = client.post(url, {**opened, "note": "第一次"})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=org.pk).version == 2
    # The same form again (version 1): refused, nothing stored, the input kept.
    response = client.post(url, {**opened, "note": "过时的修改"})
    assert response.status_code == 409 and response.context["stale"]
    body = response.content.decode()
    assert "此记录（巫山县中医院）" in body and "请重新打开后再改" in body and 'id="stale"' in body
    assert form_data(response)["note"] == "过时的修改"
    assert Organisation.objects.get(pk=org.pk).note == "第一次"
    # Without a version: refused at the top of the form.
    response = client.post(url, {**opened, "version": "", "note": "无版本"})
    assert response.status_code == 422 and response.context["form"].non_field_errors()
    assert Organisation.objects.get(pk=org.pk).note == "第一次"


def test_outside_the_scope_is_not_found_and_read_only_is_forbidden(refdata, make_user,
                                                                   client_for):
    elsewhere = OrganisationFactory(name="烟台山医院", region=region("370600"))
    here = OrganisationFactory(name="巫山县中医院")
    coordinator = client_for(make_user("wushan", region="500237"))
    assert coordinator.get(f"/form-views/{elsewhere.pk}/edit/").status_code == 404
    assert coordinator.post(f"/form-views/{elsewhere.pk}/edit/", {}).status_code == 404
    auditor = client_for(make_user("auditor", region="500237", role="auditor"))
    assert auditor.get(f"/form-views/{here.pk}/edit/").status_code == 403
    assert auditor.post(f"/form-views/{here.pk}/edit/", {}).status_code == 403
    # A region outside the scope is not among the form's choices: nothing stored.
    response = coordinator.post("/form-views/new/", {
        "name": "不该有的医院", "kind": "hospital", "region": region("370600").pk})
    assert response.status_code == 422  # the region is not among the form's choices
    assert not Organisation.objects.filter(name="不该有的医院").exists()


def test_service_errors_on_their_field_or_at_the_top(coordinator, client_for):
    client = client_for(coordinator)
    base = {"name": "巫山县新医院", "kind": "hospital", "region": region("500237").pk}
    response = client.post("/form-views/new/", {**base, "note": "field"})
    form = response.context["form"]
    assert response.status_code == 422 and form.errors["note"] == ["备注不合适"]
    response = client.post("/form-views/new/", {**base, "note": "elsewhere"})
    form = response.context["form"]
    assert response.status_code == 422 and form.non_field_errors() == ["budget: 预算不足"]
    assert "budget" not in form.errors
    assert not Organisation.objects.filter(name="巫山县新医院").exists()


class RowForm(forms.Form):
    year = forms.IntegerField(required=False)
    target = forms.IntegerField(required=False)


ROWS = RowSet(keyword="targets", formset_class=forms.formset_factory(RowForm, extra=0),
              fields=("year", "target"), context_name="targets",
              error_key=r"targets\.(\d+)(?:\.(\w+))?", first_number=1, summary="看下面的行")


def test_rows_and_their_errors():
    data = {"targets-TOTAL_FORMS": "3", "targets-INITIAL_FORMS": "0",
            "targets-0-year": "2025", "targets-0-target": "5",
            "targets-1-year": "", "targets-1-target": "",  # blank: skipped
            "targets-2-year": "2026", "targets-2-target": "-1"}
    formset = ROWS.formset(data, None)
    assert formset.is_valid()
    rows, used = ROWS.rows(formset)
    assert rows == [{"year": 2025, "target": 5}, {"year": 2026, "target": -1}]
    form = forms.Form({})
    assert form.is_valid()
    apply_errors(form, ValidationError({"targets.2.target": ["不能为负"], "targets.9": ["无此行"]}),
                 formsets=[(ROWS, used)])
    assert used[1].errors["target"] == ["不能为负"] and not used[0].errors
    assert form.non_field_errors() == ["targets.9: 无此行"]
    only_rows = forms.Form({})
    assert only_rows.is_valid()
    apply_errors(only_rows, ValidationError({"targets.1": ["整行有误"]}), formsets=[(ROWS, used)])
    assert used[0].non_field_errors() == ["整行有误"]
    assert only_rows.non_field_errors() == ["看下面的行"]


def test_a_message_without_fields_goes_to_the_top():
    form = forms.Form({})
    assert form.is_valid()
    apply_errors(form, ValidationError("整体不行"))
    assert form.non_field_errors() == ["整体不行"]
