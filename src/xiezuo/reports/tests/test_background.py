"""Extraction in the background worker: uploaded → extracting → ready (or failed with the
reason), the page following it, and near-duplicates named only to those who may see them."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from xiezuo.core.tests.workers import run_worker
from xiezuo.reports.models import Fact, ReportDocument
from xiezuo.reports.services import upload_reports
from xiezuo.reports.tests.conftest import ARTICLE

pytestmark = pytest.mark.django_db

BODY = ("本报讯 常州市与重庆市开州区深化东西部协作，常州市选派支教教师23人到开州区开展教育帮扶，"
        "举办示范课8节，培训当地教师460人次。常州市第一中学与开州中学结对，双方共建名师工作室3个，"
        "开展同课异构、集体备课等教研活动15场。两地还组织开州区骨干教师40人赴常州跟岗学习，"
        "学习先进的课堂管理经验。\n")
# The 开州 original and a 巫山 copy of it under another headline (the body is the same story).
ORIGINAL = "常州支教老师扎根开州 教育帮扶见实效\n\n" + BODY
COPY = "转载 两地教育协作结硕果\n\n" + BODY


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def post(client, name, data):
    return client.post("/api/reports/", {"files": [SimpleUploadedFile(name, data)]})


def test_upload_is_extracted_by_the_worker_and_the_page_follows_it(wushan, client_for):
    client = client_for(wushan)
    response = post(client, "简报.txt", ARTICLE.encode("gb18030"))
    assert response.status_code == 201, response.content
    (outcome,) = response.json()
    assert outcome["status"] == "extracting" and outcome["facts"] == 0
    assert "后台" in outcome["message"]  # “…正在后台提取…”
    pk = outcome["document"]
    doc = client.get(f"/api/reports/{pk}").json()
    assert (doc["status"], doc["facts"], doc["script"], doc["text"]) == ("extracting", 0, None, "")
    assert not Fact.objects.exists()
    page = client.get(f"/reports/{pk}/").content.decode()
    assert f'hx-get="/reports/{pk}/status/"' in page and 'data-status="extracting"' in page
    fragment = client.get(f"/reports/{pk}/status/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "hx-get" in fragment.content.decode()
    # The period cannot be changed before the worker sets it from the report.
    bad = client.patch(f"/api/reports/{pk}", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                              "version": doc["version"]}, content_type="application/json")
    assert bad.status_code == 422

    run_worker()

    doc = client.get(f"/api/reports/{pk}").json()
    assert doc["status"] == "ready" and doc["script"] == "hans" and doc["facts"] > 5
    assert doc["period_start"] == "2024-06-18" and (doc["east_region"], doc["west_region"]) == ("370600", "500237")
    assert str(doc["facts"]) in doc["status_message"]
    assert Fact.objects.filter(document_id=pk, data__value=1050).exists()
    done = client.get(f"/reports/{pk}/status/", HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"  # reload: the facts appear
    page = client.get(f"/reports/{pk}/").content.decode()
    assert "hx-get=\"/reports/" not in page and 'data-status="ready"' in page
    assert "挂职干部12人" in page
    assert client.get("/api/reports/", {"status": "ready"}).json()["count"] == 1


def test_extraction_over_the_time_limit_fails_with_the_reason_and_can_be_retried(
        wushan, client_for, settings):
    client = client_for(wushan)
    settings.XIEZUO_REPORT_EXTRACT_SECONDS = 0.001
    (outcome,) = post(client, "慢.txt", ARTICLE.encode()).json()
    run_worker()
    doc = ReportDocument.objects.get(pk=outcome["document"])
    assert doc.status == "failed" and not doc.facts.exists() and doc.text == ""
    assert "慢.txt" in doc.status_message and "0.001 秒" in doc.status_message
    api = client.get(f"/api/reports/{doc.pk}").json()
    assert api["status"] == "failed" and api["status_message"] == doc.status_message
    page = client.get(f"/reports/{doc.pk}/").content.decode()
    assert 'data-status="failed"' in page and "0.001 秒" in page and "hx-get=\"/reports/" not in page

    # The same file again, with the usual limit: extracted again instead of “uploaded before”.
    settings.XIEZUO_REPORT_EXTRACT_SECONDS = 300
    (again,) = post(client, "慢.txt", ARTICLE.encode()).json()
    assert again["status"] == "extracting" and again["document"] == doc.pk
    run_worker()
    doc.refresh_from_db()
    assert doc.status == "ready" and doc.facts.count() > 5
    assert ReportDocument.objects.count() == 1


def test_a_report_left_extracting_by_a_dead_worker_is_said_and_can_be_queued_again(
        wushan, client_for):
    client = client_for(wushan)
    (outcome,) = post(client, "a.txt", ARTICLE.encode()).json()
    DBTaskResult.objects.all().delete()  # its worker died: the task is gone
    ReportDocument.objects.update(uploaded_at=timezone.now() - datetime.timedelta(hours=2))
    page = client.get(f"/reports/{outcome['document']}/").content.decode()
    assert "xiezuo db_worker" in page  # “…后台处理程序（xiezuo db_worker）是否在运行？”
    (again,) = post(client, "a.txt", ARTICLE.encode()).json()
    assert again["status"] == "extracting" and again["document"] == outcome["document"]
    assert "中断" in again["message"]
    run_worker()
    assert ReportDocument.objects.get().status == "ready"


def test_size_is_checked_before_the_upload_is_read(wushan):
    class Unread(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before its size was checked")

        chunks = read

    big = Unread("big.txt", b"x")
    big.size = 200 * 1024 * 1024  # what Django counted while the upload streamed in
    (outcome,) = upload_reports(actor=wushan, files=[("big.txt", big)])
    assert outcome.status == "error" and "200 MB" in outcome.message and "10 MB" in outcome.message
    assert not ReportDocument.objects.exists()


# ---- near-duplicates and exact copies across scopes (issue 11, finding 10) -----------------

@pytest.fixture
def kaizhou(make_user, media):
    return make_user("kz", region="500154")


def test_a_duplicate_in_scope_is_named(wushan, client_for):
    client = client_for(wushan)
    (first,) = post(client, "原稿.txt", ORIGINAL.encode()).json()
    run_worker()
    (copy,) = post(client, "转载.txt", COPY.encode()).json()
    run_worker()
    original = ReportDocument.objects.get(pk=first["document"])
    doc = client.get(f"/api/reports/{copy['document']}").json()
    assert doc["duplicate_of"] == original.pk and doc["facts"] == 0
    page = client.get(f"/reports/{copy['document']}/").content.decode()
    assert f'href="/reports/{original.pk}/"' in page and original.title in page
    # Inline (the demo's path) the answer names it too.
    (outcome,) = upload_reports(actor=wushan, files=[("再转载.txt", ("又一版 " + COPY).encode())],
                                background=False)
    assert outcome.status == "duplicate" and outcome.document.duplicate_of.title in outcome.message
    # The same bytes again: named with the date of the first upload.
    (same,) = post(client, "again.txt", ORIGINAL.encode()).json()
    when = timezone.localtime(original.uploaded_at).strftime("%Y-%m-%d %H:%M")
    assert same["status"] == "exists" and when in same["message"]


def test_a_duplicate_outside_the_scope_is_not_named(wushan, kaizhou, client_for):
    (first,) = post(client_for(kaizhou), "开州原稿.txt", ORIGINAL.encode()).json()
    run_worker()
    original = ReportDocument.objects.get(pk=first["document"])
    assert original.title == "常州支教老师扎根开州 教育帮扶见实效"
    secret = [original.title, original.original_name, "开州原稿"]
    client = client_for(wushan)

    response = post(client, "转载.txt", COPY.encode())
    run_worker()
    (copy,) = response.json()
    doc = ReportDocument.objects.get(pk=copy["document"])
    assert doc.duplicate_of == original and not doc.facts.exists()  # not counted twice
    api = client.get(f"/api/reports/{doc.pk}")
    listing = client.get("/api/reports/")
    page = client.get(f"/reports/{doc.pk}/")
    reports_page = client.get("/reports/")
    assert api.json()["duplicate_of"] is None  # not even its id
    assert "近似重复" in api.json()["status_message"]
    for answer in (response, api, listing, page, reports_page):
        text = text_of(answer)
        assert answer.status_code in (200, 201)
        assert not any(s in text for s in secret), answer.request["PATH_INFO"]
    (outcome,) = upload_reports(actor=wushan, files=[("再转载.txt", ("又一版 " + COPY).encode())],
                                background=False)
    assert outcome.status == "duplicate" and not any(s in outcome.message for s in secret)

    # An exact copy: “uploaded before”, without the name or the date of the other upload.
    when = timezone.localtime(original.uploaded_at)
    for answer in (post(client, "副本.txt", ORIGINAL.encode()),
                   client.post("/reports/upload/", {"files": [SimpleUploadedFile("副本.txt",
                                                                                 ORIGINAL.encode())]})):
        text = text_of(answer)
        assert "副本.txt" in text and "其他地区" in text
        assert when.strftime("%Y-%m-%d") not in text and when.strftime("%H:%M") not in text
        assert not any(s in text for s in secret)
        assert not re.search(rf'/reports/{original.pk}/"', text)
    assert ReportDocument.objects.count() == 3
