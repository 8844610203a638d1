"""Attachments on postings, activities, groups, agreements and goals: upload through the
record's page, the scoped download, removal, and who may do what."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.attachments.models import Attachment
from xiezuo.attachments.tests.conftest import EXE, JPEG, PDF, PNG, docx_bytes, files_in, xlsx_bytes

pytestmark = pytest.mark.django_db
KINDS = ["posting", "activity", "event", "agreement", "goal"]


def upload(client, world, key, *files, side="in", kind="notice", note=""):
    record = world[side][key]
    return client.post(f"/attachments/{key}/{record.pk}/upload/",
                       {"files": [SimpleUploadedFile(n, d) for n, d in files], "kind": kind,
                        "note": note})


def page_of(world, key, side="in"):
    record = world[side][key]
    return record.owner.get_absolute_url() if key == "goal" else record.get_absolute_url()


@pytest.fixture
def users(world):
    return world["users"]


@pytest.fixture
def coordinator(users, client_for):
    return client_for(users["coordinator"])


@pytest.mark.parametrize("key", KINDS)
def test_upload_list_and_download_on_each_kind_of_record(world, media, coordinator, key):
    response = upload(coordinator, world, key, ("选派通知.pdf", PDF), ("合影.png", PNG), note="第一批")
    assert response.status_code == 302
    assert response["Location"].startswith(page_of(world, key))
    stored = list(Attachment.objects.order_by("original_name"))
    assert [a.original_name for a in stored] == ["合影.png", "选派通知.pdf"]
    assert {a.parent for a in stored} == {world["in"][key]}
    # random names under MEDIA_ROOT/attachments, the user's name kept only in the record
    paths = files_in(media)
    assert len(paths) == 2 and all("attachments" in p.parts and "通知" not in p.name for p in paths)
    page = coordinator.get(page_of(world, key)).content.decode()
    assert "选派通知.pdf" in page and "合影.png" in page and "通知文件" in page and "第一批" in page
    pdf = next(a for a in stored if a.mime_type == "application/pdf")
    response = coordinator.get(f"/attachments/{pdf.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"file.pdf\"; filename*=UTF-8''{quote('选派通知.pdf')}")
    image = next(a for a in stored if a.is_image)
    assert coordinator.get(f"/attachments/{image.pk}/")["Content-Disposition"].startswith("inline;")


def test_content_decides_not_the_name(world, media, coordinator):
    """An .exe renamed .pdf is refused, named, with the reason; nothing is stored, not even
    the good file sent with it."""
    response = upload(coordinator, world, "posting", ("合影.jpg", JPEG), ("通知.pdf", EXE))
    assert response.status_code == 302
    page = coordinator.get(response["Location"]).content.decode()
    assert "“通知.pdf”：扩展名是 .pdf，但内容不是 PDF 文档（实际是 Windows 程序）。" in page
    assert "本次上传的文件都没有保存" in page
    assert not Attachment.objects.exists() and files_in(media) == []


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("空表.xlsx", b"", "“空表.xlsx”：文件是空的。"),
    ("程序.exe", EXE, "“程序.exe”：不接受 .exe 类型的文件"),
    ("签到表.docx", xlsx_bytes(), "“签到表.docx”：扩展名是 .docx，但内容不是 Word 文档"),
])
def test_refusals_name_the_file(world, media, coordinator, name, data, reason):
    response = upload(coordinator, world, "activity", (name, data))
    page = coordinator.get(response["Location"]).content.decode()
    assert reason in page
    assert not Attachment.objects.exists() and files_in(media) == []


def test_too_big(world, media, coordinator, settings):
    settings.XIEZUO_ATTACHMENT_MAX_MB = 1
    response = upload(coordinator, world, "agreement", ("协议.pdf", PDF + b" " * (1024 * 1024)))
    page = coordinator.get(response["Location"]).content.decode()
    assert "“协议.pdf”：文件大小为 1.0 MB，最多接受 1 MB。" in page
    assert not Attachment.objects.exists() and files_in(media) == []


def test_no_file_chosen(world, coordinator):
    record = world["in"]["event"]
    response = coordinator.post(f"/attachments/event/{record.pk}/upload/", {"kind": "photo"})
    assert "请至少选择一个文件。" in coordinator.get(response["Location"]).content.decode()
    assert not Attachment.objects.exists()


def test_auditor_reads_but_cannot_upload_or_remove(world, coordinator, users, client_for):
    upload(coordinator, world, "posting", ("通知.pdf", PDF))
    attachment = Attachment.objects.get()
    auditor = client_for(users["auditor"])
    page = auditor.get(page_of(world, "posting")).content.decode()
    assert "通知.pdf" in page and "上传附件" not in page and f"/attachments/{attachment.pk}/remove/" not in page
    assert auditor.get(f"/attachments/{attachment.pk}/").status_code == 200
    assert upload(auditor, world, "posting", ("通知2.pdf", PDF)).status_code == 403
    assert auditor.post(f"/attachments/{attachment.pk}/remove/").status_code == 403
    assert Attachment.objects.count() == 1


def test_other_county_gets_404(world, media, users, client_for, make_user):
    admin = client_for(users["admin"])
    upload(admin, world, "posting", ("开州通知.pdf", PDF), side="out")
    attachment = Attachment.objects.get()
    for role in ("coordinator", "auditor", "org_user", "self_service", "nobody"):
        client = client_for(users[role])
        assert client.get(f"/attachments/{attachment.pk}/").status_code == 404, role
        assert client.post(f"/attachments/{attachment.pk}/remove/").status_code == 404, role
        assert upload(client, world, "posting", ("x.pdf", PDF), side="out").status_code == 404, role
        assert client.get(f"/api/attachments/of/posting/{world['out']['posting'].pk}").status_code == 404
        assert client.get(f"/api/attachments/{attachment.pk}/file").status_code == 404
        assert client.delete(f"/api/attachments/{attachment.pk}").status_code == 404
    assert Attachment.objects.count() == 1 and len(files_in(media)) == 1


def test_unknown_kind_of_record_is_404(world, coordinator):
    assert upload(coordinator, world, "posting", ("a.pdf", PDF)).status_code == 302
    pk = world["in"]["posting"].pk
    assert coordinator.post(f"/attachments/person/{pk}/upload/", {}).status_code == 404


def test_removal_deletes_the_file_and_keeps_history(world, media, coordinator,
                                                    django_capture_on_commit_callbacks):
    upload(coordinator, world, "goal", ("成效.docx", docx_bytes()))
    attachment = Attachment.objects.get()
    assert len(files_in(media)) == 1
    page = coordinator.get(page_of(world, "goal")).content.decode()
    assert "data-confirm=\"文件“成效.docx”将从这条记录中移除并删除" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(f"/attachments/{attachment.pk}/remove/")
    assert response.status_code == 302
    assert not Attachment.objects.exists() and files_in(media) == []
    history = Attachment.history.filter(id=attachment.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "-"]
    assert history.last().history_user == world["users"]["coordinator"]
    assert "已删除文件“成效.docx”" in coordinator.get(response["Location"]).content.decode()


def test_organisation_users_remove_only_their_own(world, coordinator, users, client_for):
    org_user = client_for(users["org_user"])
    upload(coordinator, world, "activity", ("协作办通知.pdf", PDF))
    upload(org_user, world, "activity", ("医院照片.jpg", JPEG), kind="photo")
    theirs = Attachment.objects.get(original_name="协作办通知.pdf")
    own = Attachment.objects.get(original_name="医院照片.jpg")
    page = org_user.get(page_of(world, "activity")).content.decode()
    assert f"/attachments/{own.pk}/remove/" in page and f"/attachments/{theirs.pk}/remove/" not in page
    assert org_user.post(f"/attachments/{theirs.pk}/remove/").status_code == 403
    assert org_user.post(f"/attachments/{own.pk}/remove/").status_code == 302
    assert coordinator.post(f"/attachments/{theirs.pk}/remove/").status_code == 302
    assert not Attachment.objects.exists()


def test_a_deleted_record_takes_its_attachments(world, media, coordinator,
                                                django_capture_on_commit_callbacks):
    upload(coordinator, world, "posting", ("通知.pdf", PDF))
    upload(coordinator, world, "goal", ("成效.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        world["in"]["posting"].delete()  # and its goal with it
    assert not Attachment.objects.exists() and files_in(media) == []


def test_empty_state_says_what_to_do(world, coordinator, users, client_for):
    page = coordinator.get(page_of(world, "agreement")).content.decode()
    assert "暂无附件。可在下方上传通知文件、照片、签到表或协议文本。" in page
    auditor_page = client_for(users["auditor"]).get(page_of(world, "agreement")).content.decode()
    assert "暂无附件。" in auditor_page and "可在下方上传" not in auditor_page


# ---- the API ----------------------------------------------------------------------


def test_api_list_upload_read_file_delete(world, media, coordinator,
                                          django_capture_on_commit_callbacks):
    pk = world["in"]["event"].pk
    sheet = xlsx_bytes()  # once: a workbook written a second later differs (its timestamps)
    response = coordinator.post(f"/api/attachments/of/event/{pk}", {
        "files": [SimpleUploadedFile("签到表.xlsx", sheet), SimpleUploadedFile("合影.png", PNG)],
        "kind": "sign_in", "note": "第一天"})
    assert response.status_code == 201, response.content
    items = response.json()["items"]
    assert [(i["name"], i["kind"], i["kind_label"], i["parent"], i["parent_id"]) for i in items] == [
        ("签到表.xlsx", "sign_in", "签到表", "event", pk), ("合影.png", "sign_in", "签到表", "event", pk)]
    listed = coordinator.get(f"/api/attachments/of/event/{pk}").json()
    assert listed["count"] == 2
    first = items[0]["id"]
    assert coordinator.get(f"/api/attachments/{first}").json()["size"] == len(sheet)
    response = coordinator.get(items[0]["download"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == sheet
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator.delete(f"/api/attachments/{first}").status_code == 204
    assert coordinator.get(f"/api/attachments/of/event/{pk}").json()["count"] == 1
    assert len(files_in(media)) == 1


def test_api_refusal_names_the_files(world, media, coordinator):
    pk = world["in"]["posting"].pk
    response = coordinator.post(f"/api/attachments/of/posting/{pk}", {
        "files": [SimpleUploadedFile("通知.pdf", EXE)]})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0] == {"loc": ["body", "files"],
                         "msg": "“通知.pdf”：扩展名是 .pdf，但内容不是 PDF 文档（实际是 Windows 程序）。"}
    assert not Attachment.objects.exists() and files_in(media) == []


def test_api_auditor_reads_only(world, coordinator, users, client_for):
    pk = world["in"]["agreement"].pk
    coordinator.post(f"/api/attachments/of/agreement/{pk}", {"files": [SimpleUploadedFile("协议.pdf", PDF)]})
    auditor = client_for(users["auditor"])
    assert auditor.get(f"/api/attachments/of/agreement/{pk}").json()["count"] == 1
    response = auditor.post(f"/api/attachments/of/agreement/{pk}", {"files": [SimpleUploadedFile("b.pdf", PDF)]})
    assert response.status_code == 403
    assert auditor.delete(f"/api/attachments/{Attachment.objects.get().pk}").status_code == 403


# ---- hostile input ------------------------------------------------------------------


def test_hostile_names_are_cleaned_and_stored_under_random_names(world, media, coordinator):
    upload(coordinator, world, "posting", ("../../../etc/通知<script>.pdf", PDF))
    attachment = Attachment.objects.get()
    assert attachment.original_name == "通知_script_.pdf"
    assert [p.parent.parent.parent.name for p in files_in(media)] == ["attachments"]
    page = coordinator.get(page_of(world, "posting")).content.decode()
    assert "<script>" not in page.split('id="attachments"')[1]


def test_a_nul_in_an_api_file_name_never_reaches_the_database(world, media, coordinator):
    """Django's upload handling or the name cleaning takes the NUL out; PostgreSQL never
    sees it (it cannot store one in text)."""
    pk = world["in"]["posting"].pk
    response = coordinator.post(f"/api/attachments/of/posting/{pk}",
                                {"files": [SimpleUploadedFile("通\x00知.pdf", PDF)]})
    assert response.status_code in (201, 422)
    assert all("\x00" not in a.original_name for a in Attachment.objects.all())


def test_a_missing_file_is_not_found(world, media, coordinator):
    upload(coordinator, world, "posting", ("通知.pdf", PDF))
    attachment = Attachment.objects.get()
    attachment.file.storage.delete(attachment.file.name)
    assert coordinator.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert coordinator.get(f"/api/attachments/{attachment.pk}/file").status_code == 404


def test_too_many_files(world, media, coordinator, settings):
    settings.XIEZUO_ATTACHMENT_MAX_FILES = 2
    response = upload(coordinator, world, "posting", ("1.pdf", PDF), ("2.pdf", PDF), ("3.pdf", PDF))
    assert "一次最多上传 2 个文件。" in coordinator.get(response["Location"]).content.decode()
    assert not Attachment.objects.exists() and files_in(media) == []


def test_a_bad_kind_is_refused(world, coordinator):
    response = upload(coordinator, world, "posting", ("1.pdf", PDF), kind="virus")
    assert "类型" in coordinator.get(response["Location"]).content.decode()
    assert not Attachment.objects.exists()
