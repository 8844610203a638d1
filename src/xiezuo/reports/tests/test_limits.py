"""The bounded reading the upload checks and the worker use (xiezuo.ingest.read, limits)."""

import io
import pickle
import time

import pytest
from docx import Document

from xiezuo.ingest.read import (
    IngestLimitError,
    IngestReadError,
    ReadLimits,
    check_docx,
    read_bytes,
)
from xiezuo.reports import limits


def python_docx_text(data: bytes) -> str:
    """What the reader gave before it streamed: python-docx's whole-document reading."""
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def sample_docx() -> bytes:
    word = Document()
    word.add_heading("协作简报", 1)
    paragraph = word.add_paragraph("烟台市选派 ")
    paragraph.add_run("专业技术人才85人").bold = True
    paragraph.add_run("\t到巫山县\n开展帮扶")
    word.add_paragraph("")
    table = word.add_table(rows=3, cols=3)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"格{i}{j}"
    table.cell(0, 0).merge(table.cell(0, 1))  # across
    table.cell(1, 2).merge(table.cell(2, 2))  # down
    table.cell(2, 0).add_paragraph("第二段")
    word.add_paragraph("表后段落")
    nested = word.add_table(rows=1, cols=2)
    nested.cell(0, 1).text = "右"
    nested.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "嵌套"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_streamed_docx_reads_as_python_docx_did():
    data = sample_docx()
    assert read_bytes(data, "a.docx") == python_docx_text(data)
    assert read_bytes(data, "a.docx", ReadLimits(max_unpacked=10**7, max_chars=10**5)) == \
        python_docx_text(data)


def test_docx_checks_without_parsing():
    check_docx(sample_docx(), "a.docx", ReadLimits(max_unpacked=10**7))
    with pytest.raises(IngestReadError) as err:
        check_docx(b"<html></html>", "a.docx")
    assert err.value.code == "not_docx"
    with pytest.raises(IngestLimitError) as err:
        check_docx(sample_docx(), "a.docx", ReadLimits(max_unpacked=1000))
    assert (err.value.code, err.value.limit) == ("unpacked", 1000)
    with pytest.raises(IngestLimitError) as err:
        read_bytes(sample_docx(), "a.docx", ReadLimits(max_chars=20))
    assert err.value.code == "chars"


def test_errors_cross_the_process_boundary_with_their_fields():
    error = pickle.loads(pickle.dumps(IngestLimitError("a.docx", "too big", "unpacked", 5)))
    assert (error.path, error.message, error.code, error.limit) == ("a.docx", "too big", "unpacked", 5)
    with pytest.raises(IngestLimitError) as err:
        limits.run_limited(read_bytes, sample_docx(), "a.docx", ReadLimits(max_chars=20), seconds=30)
    assert err.value.code == "chars" and err.value.limit == 20


def test_run_limited_stops_a_child_at_the_time_limit():
    started = time.monotonic()
    with pytest.raises(limits.TimeLimitExceeded):
        limits.run_limited(time.sleep, 30, seconds=0.5)
    assert time.monotonic() - started < 5
    assert limits.run_limited(len, "协作", seconds=30) == 2
