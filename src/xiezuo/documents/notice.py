"""Filling a Word template (docxtpl, Jinja placeholders such as {{ 姓名 }}).

A template is checked before it is stored (`check_template`): a .docx by its content, its
placeholders all known, and it renders with a sample context. Rendering escapes the
values (a name with "&" or "<" stays text) and refuses an unknown placeholder.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import filetype
import jinja2
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate  # type: ignore[import-untyped, unused-ignore]  # no stubs
from jinja2.exceptions import TemplateError

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024

# The placeholders of a 选派通知, with what each one holds (shown on the upload page).
PLACEHOLDERS: dict[str, Promise] = {
    "姓名": gettext_lazy("the person's name"),
    "性别": gettext_lazy("male / female"),
    "单位": gettext_lazy("the person's (sending) organisation"),
    "职务": gettext_lazy("the person's position (their title when they hold none)"),
    "职称": gettext_lazy("professional title"),
    "派驻单位": gettext_lazy("the host unit the person is posted to"),
    "派驻地区": gettext_lazy("the region of the host unit"),
    "派驻岗位": gettext_lazy("the post and department at the host"),
    "类别": gettext_lazy("kind of posting (medical, education, cadre …)"),
    "批次": gettext_lazy("batch, e.g. 第八批"),
    "开始日期": gettext_lazy("start, e.g. 2026年3月1日"),
    "结束日期": gettext_lazy("end, e.g. 2027年2月28日"),
    "起止日期": gettext_lazy("period, e.g. 2026年3月1日至2027年2月28日"),
    "配对": gettext_lazy("the pairing, e.g. 烟台—巫山"),
    "发文机关": gettext_lazy("the issuing office (the office making the notice)"),
    "日期": gettext_lazy("date of issue, e.g. 2026年12月6日"),
    "年": gettext_lazy("the year, e.g. 2026"),
}


def sample() -> dict[str, str]:
    """Values to try a template with: what each placeholder holds."""
    return {name: str(meaning) for name, meaning in PLACEHOLDERS.items()}


class TemplateProblem(ValueError):
    """Why a template cannot be used (a sentence for the uploader)."""


def _environment() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def render(template: bytes, context: Mapping[str, str]) -> bytes:
    """The template filled with the context (values escaped, unknown names refused)."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(dict(context), jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check_template(data: bytes, name: str) -> None:
    """Refuse (TemplateProblem) what cannot serve as a notice template, saying why."""
    if not name.lower().endswith(".docx"):
        raise TemplateProblem(_("The template must be a Word document (.docx); save a .doc file as .docx in Word first."))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateProblem(_("The template file is too large (at most 5 MB)."))
    kind = filetype.guess(data)
    if kind is None or kind.mime not in (DOCX_MIME, "application/zip"):
        raise TemplateProblem(_("The file's content is not a Word document (.docx)."))
    try:
        document = DocxTemplate(io.BytesIO(data))
        document.init_docx()
        names = document.get_undeclared_template_variables(_environment())
    except TemplateError as exc:
        raise TemplateProblem(_("A placeholder in the template is written wrongly: %(error)s")
                              % {"error": exc.message or exc}) from None
    except Exception as exc:  # a damaged package: zipfile, lxml and python-docx raise many kinds
        raise TemplateProblem(_("This Word document cannot be opened: %(error)s") % {"error": exc}) from None
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    if unknown:
        raise TemplateProblem(_("The template has placeholders that are not known: %(names)s. The placeholders "
                                "you can use are listed on this page.")
                              % {"names": "、".join(f"{{{{ {n} }}}}" for n in unknown)})
    if not names:
        raise TemplateProblem(_("The template has no placeholder (such as {{ 姓名 }}): every notice would be the same."))
    try:
        render(data, sample())
    except (TemplateError, ValueError, KeyError) as exc:
        raise TemplateProblem(_("The template cannot make a notice: %(error)s") % {"error": getattr(exc, "message", None) or exc}) from None
