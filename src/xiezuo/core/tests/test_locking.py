"""Two people editing one record: the second save is refused with a clear message."""

import pytest

from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_api_stale_write_is_refused(refdata, admin_user, client_for):
    org = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    first, second = client_for(admin_user), client_for(admin_user)
    seen = first.get(f"/api/organisations/{org.pk}").json()["version"]
    assert second.get(f"/api/organisations/{org.pk}").json()["version"] == seen
    ok = first.patch(f"/api/organisations/{org.pk}", {"note": "甲的修改", "version": seen},
                     content_type="application/json")
    assert ok.status_code == 200
    stale = second.patch(f"/api/organisations/{org.pk}", {"note": "乙的修改", "version": seen},
                         content_type="application/json")
    assert stale.status_code == 409
    assert "版本" in stale.json()["detail"][0]["msg"] or "version" in stale.json()["detail"][0]["msg"]
    assert Organisation.objects.get(pk=org.pk).note == "甲的修改"


def test_admin_stale_form_is_refused(refdata, admin_user, client_for):
    org = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    client = client_for(admin_user)
    url = f"/admin/orgs/organisation/{org.pk}/change/"
    form = {"name": org.name, "kind": "hospital", "region": org.region_id, "hospital_grade": "",
            "school_stage": "", "note": "", "loaded_version": org.version}
    Organisation.objects.filter(pk=org.pk).update(note="别人刚改过", version=org.version + 1)
    response = client.post(url, {**form, "note": "我的修改"})
    assert response.status_code == 200  # the form again, with the error
    assert "loaded_version" in response.content.decode() and response.context["adminform"].form.errors
    assert Organisation.objects.get(pk=org.pk).note == "别人刚改过"
    fresh = client.post(url, {**form, "note": "我的修改", "loaded_version": org.version + 1})
    assert fresh.status_code == 302
    assert Organisation.objects.get(pk=org.pk).note == "我的修改"
