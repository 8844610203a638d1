"""The near-duplicate index of uploads is built from the stored MinHash signatures of the
reports' relevant segments, not from their texts (issue 16)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.core.backup import backup, fingerprint, restore
from xiezuo.ingest import Signature
from xiezuo.ingest.normalise import normalise
from xiezuo.reports.models import ReportDocument, SegmentSignature
from xiezuo.reports.services import upload_reports
from xiezuo.reports.tests.conftest import ARTICLE, NOISY_PAGE, OTHER_ARTICLE

pytestmark = pytest.mark.django_db


def upload(actor, name: str, text: str):
    (outcome,) = upload_reports(actor=actor, files=[(name, text.encode())], background=False)
    return outcome


def signatures_of(doc: ReportDocument) -> dict[int, tuple[bytes, int]]:
    return {s.segment: (bytes(s.hashvalues), s.size) for s in SegmentSignature.objects.filter(document=doc)}


def test_a_ready_report_stores_the_signature_of_each_relevant_segment(wushan):
    doc = upload(wushan, "page.txt", NOISY_PAGE).document
    doc.refresh_from_db()
    relevant = [s for s in doc.segments if s["relevant"]]
    assert len(doc.segments) > 1 and len(relevant) == 1  # the road-works article is not signed
    stored = signatures_of(doc)
    assert set(stored) == {relevant[0]["index"]}
    hashvalues, size = stored[relevant[0]["index"]]
    assert len(hashvalues) == 1024 and size > 100
    expected = Signature.of(doc.segment_text(relevant[0]["index"]))
    assert (hashvalues, size) == (expected.to_bytes(), expected.size)


def test_a_copy_is_found_from_the_stored_signatures_without_the_stored_texts(wushan):
    original = upload(wushan, "clean.txt", ARTICLE).document
    # Take the stored text away: an index rebuilt from texts would find nothing now.
    ReportDocument.objects.filter(pk=original.pk).update(text="", segments=[])
    with CaptureQueriesContext(connection) as queries:
        outcome = upload(wushan, "page-scan.txt", NOISY_PAGE)
    assert outcome.status == "duplicate", outcome.message
    assert outcome.document.duplicate_of_id == original.pk
    assert any('"reports_segmentsignature"' in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT")
               for q in queries.captured_queries)
    # The copy is signed too (a later upload may copy it), in the same transaction as its facts.
    assert set(signatures_of(outcome.document)) == {
        s["index"] for s in outcome.document.segments if s["relevant"]}
    assert upload(wushan, "other.txt", OTHER_ARTICLE).status == "created"


def test_reports_stored_before_signatures_are_signed_once(wushan):
    original = upload(wushan, "clean.txt", ARTICLE).document
    SegmentSignature.objects.all().delete()  # as stored before the signatures' migration
    assert upload(wushan, "page-scan.txt", NOISY_PAGE).document.duplicate_of_id == original.pk
    signed = signatures_of(original)
    assert len(signed) == 1
    # Signed once: later uploads read the signature, not the text.
    ReportDocument.objects.filter(pk=original.pk).update(text="", segments=[])
    again = upload(wushan, "reprint.txt", "转载\n\n" + ARTICLE.split("\n", 2)[2])
    assert again.document.duplicate_of_id == original.pk
    assert signatures_of(original) == signed


def test_deleting_a_report_deletes_its_signatures(wushan):
    doc = upload(wushan, "clean.txt", ARTICLE).document
    kept = upload(wushan, "other.txt", OTHER_ARTICLE).document
    assert SegmentSignature.objects.filter(document=doc).exists()
    doc.delete()
    assert list(SegmentSignature.objects.values_list("document_id", flat=True).distinct()) == [kept.pk]


def test_segment_offsets_refer_to_the_stored_normalised_text(wushan, traditional):
    (outcome,) = upload_reports(actor=wushan, files=[("繁體.txt", traditional.encode("big5"))],
                                background=False)
    doc = outcome.document
    doc.refresh_from_db()
    assert doc.script == "hant" and doc.text == normalise(traditional).text
    for seg in doc.segments:
        assert seg["title"] in doc.text[seg["start"]:seg["end"]]
    facts = list(doc.facts.all())
    assert facts
    for fact in facts:
        assert fact.evidence and fact.evidence in doc.segment_text(fact.segment)


@pytest.mark.django_db(transaction=True)
def test_signatures_survive_backup_and_restore(wushan, tmp_path):
    doc = upload(wushan, "clean.txt", ARTICLE).document
    stored = signatures_of(doc)
    assert stored
    before = fingerprint()
    assert before["reports.segmentsignature"]["count"] == len(stored)
    backup(tmp_path / "xiezuo.zip")
    call_command("flush", interactive=False, verbosity=0)
    report = restore(tmp_path / "xiezuo.zip")
    assert {k: v for k, v in report.items() if v["expected"] != v["restored"]} == {}
    assert fingerprint() == before and signatures_of(doc) == stored
