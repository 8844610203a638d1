"""Uploading reports: encodings, .docx, unreadable files, exact and near duplicates.

Uploads through the API and the pages are stored and queued; the real database worker
(`run_worker`) then extracts them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from xiezuo.core.tests.workers import run_worker
from xiezuo.reports.models import Fact, FactKind, ReportDocument
from xiezuo.reports.services import upload_reports
from xiezuo.reports.tests.conftest import ARTICLE, NOISY_PAGE

pytestmark = pytest.mark.django_db


class Answer:
    """The upload's answers, and each report as the API shows it once the worker ran."""

    def __init__(self, client, response):
        self.client, self.response = client, response
        self.status_code = response.status_code

    def json(self):
        return [self.report(o) for o in self.response.json()]

    def report(self, outcome):
        if outcome["status"] != "extracting":
            return outcome
        doc = self.client.get(f"/api/reports/{outcome['document']}").json()
        status = {"ready": "duplicate" if doc["duplicate_of"] else "created"}.get(doc["status"], "error")
        return {**outcome, "status": status, "message": doc["status_message"], "facts": doc["facts"]}


def upload(client, *files):
    response = client.post("/api/reports/", {"files": [SimpleUploadedFile(n, d) for n, d in files]})
    assert response.status_code in (201, 403), response.content
    if response.status_code == 201:
        assert all(o["status"] in ("extracting", "exists", "error") for o in response.json())
        run_worker()
    return Answer(client, response)


def test_gb18030_upload_queues_facts_and_keeps_the_file(wushan, client_for, media):
    response = upload(client_for(wushan), ("简报.txt", ARTICLE.encode("gb18030")))
    assert response.status_code == 201, response.content
    (outcome,) = response.json()
    assert outcome["status"] == "created" and outcome["facts"] > 5
    doc = ReportDocument.objects.get(pk=outcome["document"])
    assert doc.original_name == "简报.txt" and doc.script == "hans"
    assert doc.region.code == "500237" and doc.uploaded_by == wushan
    assert (doc.east_region.code, doc.west_region.code) == ("370600", "500237")
    assert doc.file.read() == ARTICLE.encode("gb18030")
    assert str(media) in doc.file.path
    assert str(doc.period_start) == "2024-06-18"
    values = {f.data["value"] for f in doc.facts.filter(kind=FactKind.QUANTITY)}
    assert {12, 85, 1050} <= values
    assert doc.facts.filter(kind=FactKind.PAIRING, data__west_code="500237").exists()
    assert doc.facts.filter(kind=FactKind.ORGANISATION, data__name="巫山县中医院").exists()
    fact = doc.facts.get(kind=FactKind.QUANTITY, data__value=12)
    assert "挂职干部12人" in fact.evidence and fact.status == "pending"


def test_big5_traditional_report_gives_simplified_facts(wushan, client_for, traditional):
    response = upload(client_for(wushan), ("繁體.txt", traditional.encode("big5")))
    (outcome,) = response.json()
    assert outcome["status"] == "created", outcome
    doc = ReportDocument.objects.get(pk=outcome["document"])
    assert doc.script == "hant"
    fact = doc.facts.get(kind=FactKind.QUANTITY, data__value=85)
    assert fact.data["subject"] == "专业技术人才" and "专业技术人才" in fact.evidence
    assert "烟台市" in doc.text and "煙臺" not in doc.text


def test_docx_upload(wushan, client_for):
    buffer = io.BytesIO()
    word = Document()
    for line in ARTICLE.splitlines():
        word.add_paragraph(line)
    word.save(buffer)
    (outcome,) = upload(client_for(wushan), ("report.docx", buffer.getvalue())).json()
    assert outcome["status"] == "created", outcome
    assert Fact.objects.filter(document_id=outcome["document"], data__value=1050).exists()


def test_unreadable_file_is_named_and_the_others_still_go_in(wushan, client_for):
    garbage = bytes(range(256)) * 20
    response = upload(client_for(wushan), ("broken.txt", garbage), ("good.txt", ARTICLE.encode()))
    first, second = response.json()
    assert first["status"] == "error" and "broken.txt" in first["message"]
    assert first["document"] is None
    assert second["status"] == "created"
    assert ReportDocument.objects.count() == 1


def test_same_file_twice_adds_nothing(wushan, client_for):
    client = client_for(wushan)
    upload(client, ("a.txt", ARTICLE.encode()))
    facts = Fact.objects.count()
    (again,) = upload(client, ("copy-of-a.txt", ARTICLE.encode())).json()
    assert again["status"] == "exists" and "copy-of-a.txt" in again["message"]
    assert ReportDocument.objects.count() == 1 and Fact.objects.count() == facts


def test_near_duplicate_is_flagged_and_its_facts_not_queued_again(wushan, client_for):
    client = client_for(wushan)
    (first,) = upload(client, ("clean.txt", ARTICLE.encode())).json()
    facts = Fact.objects.count()
    (second,) = upload(client, ("page-scan.txt", NOISY_PAGE.encode("gb18030"))).json()
    assert second["status"] == "duplicate", second
    copy = ReportDocument.objects.get(pk=second["document"])
    assert copy.duplicate_of_id == first["document"]
    assert copy.facts.count() == 0 and Fact.objects.count() == facts


def test_near_duplicates_in_one_upload_are_caught(wushan):
    outcomes = upload_reports(actor=wushan, files=[("a.txt", ARTICLE.encode()),
                                                   ("b.txt", NOISY_PAGE.encode())], background=False)
    assert [o.status for o in outcomes] == ["created", "duplicate"]


def test_upload_page_reports_each_file(wushan, client_for):
    client = client_for(wushan)
    response = client.post("/reports/upload/", {"files": [
        SimpleUploadedFile("ok.txt", ARTICLE.encode("gb18030")),
        SimpleUploadedFile("bad.txt", bytes(range(256)) * 20)]})
    assert response.status_code == 200
    text = response.content.decode()
    assert "bad.txt" in text and "ok.txt" in text
    assert ReportDocument.objects.get().status == "extracting"
    empty = client.post("/reports/upload/", {})
    assert empty.status_code == 422 and ReportDocument.objects.count() == 1


def test_auditor_may_not_upload(refdata, make_user, client_for, media):
    auditor = make_user("aud", region="500237", role="auditor")
    assert upload(client_for(auditor), ("a.txt", ARTICLE.encode())).status_code == 403
    response = client_for(auditor).post("/reports/upload/", {"files": [SimpleUploadedFile("a.txt", b"x")]})
    assert response.status_code == 403
    assert ReportDocument.objects.count() == 0
