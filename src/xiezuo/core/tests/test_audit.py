"""Audit: who changed what, visible on the record's page; imports listed and revertible."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.core.models import ImportBatch
from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_changes_are_recorded_and_shown(refdata, admin_user, client_for):
    client = client_for(admin_user)
    org = client.post("/api/organisations/", {"name": "巫山县中医院", "kind": "hospital", "region": "500237"},
                      content_type="application/json").json()
    client.patch(f"/api/organisations/{org['id']}", {"note": "新设神经外科", "version": 1},
                 content_type="application/json")
    history = Organisation.objects.get(pk=org["id"]).history.order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~"]
    assert history.last().history_user == admin_user
    page = client.get(f"/organisations/{org['id']}/").content.decode()
    assert "新设神经外科" in page and admin_user.username in page


def workbook(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_batch_is_listed_and_reverted(refdata, admin_user, client_for):
    existing = OrganisationFactory(name="巫山县中医院", region=region("500237"), note="原备注")
    client = client_for(admin_user)
    data = workbook([["名称", "类型", "所在地区", "备注"],
                     ["巫山县中医院", "医院", "500237", "导入的备注"],
                     ["巫山县人民医院", "医院", "500237", None]])
    response = client.post("/organisations/import/", {"file": SimpleUploadedFile("orgs.xlsx", data)})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.updated_count, batch.file_name) == (1, 1, "orgs.xlsx")
    assert "orgs.xlsx" in client.get("/imports/").content.decode()
    assert Organisation.objects.get(pk=existing.pk).note == "导入的备注"

    assert client.post(f"/imports/{batch.pk}/revert/").status_code == 302
    assert not Organisation.objects.filter(name="巫山县人民医院").exists()
    assert Organisation.objects.get(pk=existing.pk).note == "原备注"
    batch.refresh_from_db()
    assert batch.status == "reverted"
    client.post(f"/imports/{batch.pk}/revert/")  # a second revert changes nothing
    assert Organisation.objects.count() == 1


def test_other_users_batches_are_not_found(refdata, admin_user, make_user, client_for):
    batch = ImportBatch.objects.create(resource="orgs.organisation", actor=admin_user)
    client = client_for(make_user("c", region="500237"))
    assert client.post(f"/imports/{batch.pk}/revert/").status_code == 404


def test_the_imports_list_names_what_was_imported(refdata, admin_user, client_for):
    """Issue 13: an import batch reads 单位 / 人才, not its model label."""
    ImportBatch.objects.create(resource="orgs.organisation", actor=admin_user, file_name="a.xlsx")
    ImportBatch.objects.create(resource="people.person", actor=admin_user, file_name="b.xlsx")
    page = client_for(admin_user).get("/imports/").content.decode()
    assert "orgs.organisation" not in page and "people.person" not in page
    assert "<td>单位</td>" in page or ">单位<" in page
