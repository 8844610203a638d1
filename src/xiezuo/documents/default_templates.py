"""The default Word templates shipped in the package, built with the official layout.

Run `python -m xiezuo.documents.default_templates` after changing the text: it rewrites
`templates_docx/*.docx` (committed). An office replaces a template on the 公文模板 page;
the placeholders are those of `documents.notice.PLACEHOLDERS`.
"""

from __future__ import annotations

from pathlib import Path

from xiezuo.documents.official import OfficialDocument

HERE = Path(__file__).resolve().parent / "templates_docx"


def posting_notice() -> bytes:
    """选派通知: the sending office tells the person's organisation whom it sends where."""
    document = OfficialDocument()
    document.title("关于选派{{ 姓名 }}同志赴{{ 派驻单位 }}开展东西部协作工作的通知")
    document.paragraph("{{ 单位 }}：", indent=False)
    document.paragraph(
        "根据{{ 配对 }}东西部协作工作安排，经研究，决定选派你单位{{ 职务 }}{{ 姓名 }}同志"
        "（{{ 类别 }}{% if 批次 %}，{{ 批次 }}{% endif %}）赴{{ 派驻单位 }}"
        "{% if 派驻岗位 %}{{ 派驻岗位 }}{% endif %}开展帮扶工作，派驻时间为{{ 起止日期 }}。")
    document.paragraph(
        "请你单位做好工作交接，督促{{ 姓名 }}同志按时到岗。派驻期间，{{ 姓名 }}同志接受派驻单位"
        "和派出单位双重管理，工资福利待遇不变。")
    document.paragraph("特此通知。")
    document.signature("{{ 发文机关 }}", "{{ 日期 }}")
    return document.save()


BUILDERS = {"posting_notice.docx": posting_notice}


def write_all(folder: Path = HERE) -> list[Path]:
    written = []
    for name, build in BUILDERS.items():
        path = folder / name
        path.write_bytes(build())
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_all():
        print(written)
