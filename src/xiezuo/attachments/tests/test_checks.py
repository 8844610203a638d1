"""The type of a file is decided by its content; refusals name the reason in Chinese."""

import io

import pytest

from xiezuo.attachments.checks import check_file, clean_name
from xiezuo.attachments.tests.conftest import (
    EXE,
    GIF,
    JPEG,
    OLE,
    PDF,
    PNG,
    WEBP,
    docx_bytes,
    xlsx_bytes,
    zip_bytes,
)


@pytest.mark.parametrize(("name", "data", "mime"), [
    ("通知.pdf", PDF, "application/pdf"),
    ("合影.jpg", JPEG, "image/jpeg"),
    ("合影.JPEG", JPEG, "image/jpeg"),
    ("签到表.png", PNG, "image/png"),
    ("动图.gif", GIF, "image/gif"),
    ("照片.webp", WEBP, "image/webp"),
    ("选派通知.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("签到表.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("旧通知.doc", OLE, "application/msword"),
    ("旧表.xls", OLE, "application/vnd.ms-excel"),
    ("红头文件.ofd", zip_bytes({"OFD.xml": b"<ofd:OFD/>"}), "application/ofd"),
    ("说明.txt", "协作办说明".encode(), "text/plain; charset=utf-8"),
    ("说明.txt", "协作办说明".encode("gb18030"), "text/plain; charset=gb18030"),
    ("名单.csv", "姓名,单位\n张三,巫山县中医院\n".encode(), "text/csv; charset=utf-8"),
])
def test_accepted_kinds(name, data, mime):
    checked = check_file(io.BytesIO(data), name)
    assert (checked.mime, checked.size, checked.name) == (mime, len(data), name)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("通知.pdf", EXE, "扩展名是 .pdf，但内容不是 PDF 文档（实际是 Windows 程序）"),
    ("照片.png", JPEG, "扩展名是 .png，但内容不是 PNG 图片"),
    ("协议.docx", zip_bytes({"readme.txt": b"x"}), "（实际是 zip 压缩包）"),
    ("协议.docx", xlsx_bytes(), "内容不是 Word 文档"),
    ("红头文件.ofd", docx_bytes(), "内容不是 OFD 文档"),
    ("旧通知.doc", PDF, "内容不是 Word 97–2003 文档"),
    ("网页.txt", b"<!DOCTYPE html><script>alert(1)</script>", "内容不是文本文件"),
    ("乱码.txt", b"\xff\xfe\x00\x00\x81", "内容不是文本文件"),
    ("病毒.exe", EXE, "不接受 .exe 类型的文件"),
    ("没有扩展名", PDF, "不接受 （无扩展名） 类型的文件"),
    ("空.pdf", b"", "文件是空的"),
])
def test_refused_with_the_reason(name, data, reason):
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        check_file(io.BytesIO(data), name)


def test_too_big(settings):
    settings.XIEZUO_ATTACHMENT_MAX_MB = 0.001  # about 1 KB
    with pytest.raises(ValueError, match="文件大小为 2 KB，最多接受 0.001 MB"):
        check_file(io.BytesIO(PDF + b"0" * 2000), "大文件.pdf")


@pytest.mark.parametrize(("given", "kept"), [
    ("../../etc/通知.pdf", "通知.pdf"),
    ("C:\\Users\\张三\\合影.jpg", "合影.jpg"),
    ("签到\x00表<1>?.png", "签到_表_1_.png"),
    ("e\u0301.pdf", "\u00e9.pdf"),  # NFC
    ("." * 3 + ".pdf", "附件.pdf"),
])
def test_names_are_cleaned(given, kept):
    assert clean_name(given) == kept


def test_long_names_keep_their_extension():
    name = clean_name("很长" * 200 + ".docx")
    assert name.endswith(".docx") and len(name) <= 120
