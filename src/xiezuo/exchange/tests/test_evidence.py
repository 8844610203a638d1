"""Goal evidence files: size limit, accepted kinds (extension and content), and files that
are replaced or whose goal is deleted leave the disk (issue 11, finding 9)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from xiezuo.exchange import services
from xiezuo.exchange.models import Goal

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[str]:
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.fixture
def goal(world, make_posting):
    return Goal.objects.create(posting=make_posting(), kind="local_team", title="带出一支神经外科团队")


def attach(client, goal, name, data):
    return client.post(f"/api/goals/{goal.pk}/evidence", {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(("name", "data"), [
    ("记录.pdf", PDF), ("合影.png", PNG), ("现场.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
    ("总结.docx", None), ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32),
    ("说明.txt", "培训8次，带教12人。".encode("gb18030")), ("名单.csv", "姓名,次数\n张三,3\n".encode()),
])
def test_accepted_kinds(goal, admin_user, client_for, media, name, data):
    response = attach(client_for(admin_user), goal, name, data if data is not None else docx_bytes())
    assert response.status_code == 200, response.content
    assert response.json()["evidence_file"].endswith(name.rsplit(".", 1)[1])


@pytest.mark.parametrize(("name", "data", "why"), [
    ("page.html", HTML, "只接受"),                 # a web page: extension refused
    ("drawing.svg", b"<svg onload='alert(1)'/>", "只接受"),
    ("noext", PDF, "只接受"),
    ("report.pdf", HTML, "内容不是"),              # .html renamed .pdf: content refused
    ("photo.png", HTML, "内容不是"),
    ("notes.txt", HTML, "内容不是"),               # a web page named .txt
    ("binary.txt", b"\x00\x01\x02" * 100, "内容不是"),
    ("fake.docx", zip_without_word(), "内容不是"),  # a zip, but no Word document inside
    ("fake.xlsx", docx_bytes(), "内容不是"),        # a Word document named .xlsx
])
def test_mistyped_evidence_is_refused_naming_the_field(goal, admin_user, client_for, media, name,
                                                       data, why):
    response = attach(client_for(admin_user), goal, name, data)
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "file"]
    assert "证据文件" in error["msg"] and name in error["msg"] and why in error["msg"]
    goal.refresh_from_db()
    assert not goal.evidence_file and stored_files(media) == []


def test_oversized_evidence_is_refused_before_it_is_read(goal, admin_user, client_for, media,
                                                         settings):
    settings.XIEZUO_EVIDENCE_MAX_MB = 1
    response = attach(client_for(admin_user), goal, "扫描件.pdf", PDF + b"0" * (3 * 1024 * 1024 // 2))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "file"] and "1.5 MB" in error["msg"] and "1 MB" in error["msg"]
    assert stored_files(media) == []

    class Unread(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before its size was checked")

        chunks = read

    big = Unread("大文件.pdf", b"%PDF")
    big.size = 200 * 1024 * 1024  # what Django counted while the upload streamed in
    with pytest.raises(ValidationError) as refused:
        services.attach_evidence(actor=admin_user, goal=goal, file=big)
    assert "200.0 MB" in refused.value.message_dict["evidence_file"][0]


def test_replaced_and_deleted_evidence_leaves_the_disk(goal, admin_user, client_for, media,
                                                       django_capture_on_commit_callbacks):
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert attach(client, goal, "第一版.pdf", PDF).status_code == 200
    goal.refresh_from_db()
    first = goal.evidence_file.path
    assert stored_files(media) == ["第一版.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        assert attach(client, goal, "第二版.pdf", PDF + b"2").status_code == 200
    assert stored_files(media) == ["第二版.pdf"]
    goal.refresh_from_db()
    assert goal.evidence_file.path != first
    # A refused replacement keeps the file there is, and stores nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert attach(client, goal, "第三版.html", HTML).status_code == 422
    assert stored_files(media) == ["第二版.pdf"]
    # The page's update form replaces it too.
    url = f"/exchange/goals/{goal.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {f"goal{goal.pk}-status": "achieved",
                                     f"goal{goal.pk}-evidence_file": SimpleUploadedFile("验收.png", PNG)})
    assert response.status_code == 302
    assert stored_files(media) == ["验收.png"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"/api/goals/{goal.pk}").status_code == 204
    assert stored_files(media) == []


def test_deleting_the_posting_removes_its_goals_files(world, make_posting, admin_user, client_for,
                                                      media, django_capture_on_commit_callbacks):
    posting = make_posting()
    client = client_for(admin_user)
    for title in ("目标一", "目标二"):
        goal = Goal.objects.create(posting=posting, kind="free", title=title)
        with django_capture_on_commit_callbacks(execute=True):
            attach(client, goal, f"{title}.pdf", PDF)
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_posting(actor=admin_user, instance=posting)
    assert stored_files(media) == [] and not Goal.objects.exists()


def test_pages_refuse_bad_evidence_with_the_field_named(goal, admin_user, client_for, media):
    client = client_for(admin_user)
    url = goal.posting.get_absolute_url()
    response = client.post(f"{url}goals/", {
        "goal-kind": "free", "goal-title": "有证据的目标", "goal-status": "achieved",
        "goal-evidence_file": SimpleUploadedFile("证明.pdf", HTML)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "证据文件“证明.pdf”" in page and "内容不是" in page
    assert Goal.objects.count() == 1 and stored_files(media) == []
    response = client.post(f"/exchange/goals/{goal.pk}/", {
        f"goal{goal.pk}-status": "in_progress",
        f"goal{goal.pk}-evidence_file": SimpleUploadedFile("page.html", HTML)})
    assert response.status_code == 422
    assert "证据文件“page.html”" in response.content.decode() and "只接受" in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "planned" and not goal.evidence_file and stored_files(media) == []


def test_only_those_who_may_change_the_goal_attach_evidence(goal, make_user, client_for, media):
    auditor = make_user("aud", region="500237", role="auditor")
    other = make_user("kz", region="500154")
    assert attach(client_for(auditor), goal, "a.pdf", PDF).status_code == 403
    assert attach(client_for(other), goal, "a.pdf", PDF).status_code == 404
    assert stored_files(media) == []
