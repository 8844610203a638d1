from pathlib import Path

import docx
import pytest

from xiezuo.ingest.read import IngestReadError, decode_bytes, read_path

TEXT = "东西部协作：选派专业技术人才120名，培训乡村医生300人次。"
TRAD = "東西部協作：選派專業技術人才120名，培訓鄉村醫生300人次。"


def test_utf8_with_and_without_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT


def test_gb18030_and_big5() -> None:
    assert decode_bytes(TEXT.encode("gb18030")) == TEXT
    assert decode_bytes(TRAD.encode("big5")) == TRAD
    assert decode_bytes(TRAD.encode("gb18030")) == TRAD


def test_undecodable_file_raises_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(IngestReadError) as err:
        read_path(bad)
    assert err.value.path == str(bad)
    assert "broken.txt" in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestReadError):
        read_path(tmp_path / "nope.txt")


def test_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("协作简报")
    document.add_paragraph(TEXT)
    path = tmp_path / "r.docx"
    document.save(str(path))
    assert TEXT in read_path(path)
