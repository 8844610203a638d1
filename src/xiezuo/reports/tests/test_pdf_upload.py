"""A PDF report uploaded through the API and extracted by the worker.

The PDF is written here, at test time: one page in the CID font STSong-Light, which PDF
readers know without embedding it (Adobe's Chinese base font), the text given as UTF-16BE
codes through the UniGB-UCS2-H encoding, so pdfminer reads it back as Unicode text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.pdf_files import assemble

from xiezuo.core.tests.workers import run_worker
from xiezuo.reports.models import FactKind, ReportDocument

pytestmark = pytest.mark.django_db

# A short work bulletin (written for this test).
LINES = [
    "烟台市与巫山县携手推进医疗人才帮扶",
    "",
    "2025年3月12日，烟台市与重庆市巫山县举行东西部协作工作座谈会。",
    "烟台市选派专业技术人才36人到巫山县开展帮扶，培训当地医护人员420人次。",
]


def cjk_pdf(lines: list[str]) -> bytes:
    """A one-page PDF writing ``lines`` (an empty string: a blank line) in STSong-Light."""
    ops = ["BT", "/F1 12 Tf", "16 TL", "40 800 Td"]
    for line in lines:
        ops.append(f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" if line else "T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    return assemble(objects)


def test_pdf_upload_gives_the_reports_facts(wushan, client_for):
    data = cjk_pdf(LINES)
    assert data.startswith(b"%PDF-") and "烟台".encode() not in data  # the text is not plain bytes
    client = client_for(wushan)
    response = client.post("/api/reports/", {"files": [SimpleUploadedFile("简报.pdf", data)]})
    assert response.status_code == 201, response.content
    (outcome,) = response.json()
    assert outcome["status"] == "extracting", outcome
    run_worker()

    doc = ReportDocument.objects.get(pk=outcome["document"])
    assert doc.status == "ready", doc.status_message
    assert doc.title == "烟台市与巫山县携手推进医疗人才帮扶"
    assert (doc.east_region.code, doc.west_region.code) == ("370600", "500237")
    assert str(doc.period_start) == "2025-03-12"
    pairing = doc.facts.get(kind=FactKind.PAIRING)
    assert (pairing.data["east_code"], pairing.data["west_code"]) == ("370600", "500237")
    sent = doc.facts.get(kind=FactKind.QUANTITY, data__value=36)
    assert (sent.data["unit"], sent.data["indicator"], sent.data["qualifier"]) == (
        "人", "professionals_sent", "exact")
    assert "专业技术人才36人" in sent.evidence
    trained = doc.facts.get(kind=FactKind.QUANTITY, data__value=420)
    assert (trained.data["unit"], trained.data["indicator"]) == ("人次", "training_person_times")
    # The evidence lies in the stored text of its segment (offsets refer to doc.text).
    assert sent.evidence in doc.segment_text(sent.segment)
    assert doc.signatures.count() == 1
