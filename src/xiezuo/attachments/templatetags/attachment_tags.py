"""The attachments section of a record's page:

    {% load attachment_tags %}{% attachment_section posting %}
    {% attachment_section goal compact=True %}   {# inside a goal's block #}

The record is the one the page read through `scoped()`; the section lists its files
(name, kind, size, uploader, date), a remove button where the user may remove one, and
the upload form where the user may change the record.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.utils.translation import gettext as _

from xiezuo.attachments import selectors
from xiezuo.attachments.checks import accepted_list, human_size, limit_text
from xiezuo.attachments.forms import UploadForm
from xiezuo.attachments.registry import parent_of

register = template.Library()


@register.filter
def file_size(size: int) -> str:
    """850 KB, 1.2 MB."""
    return human_size(size)


@register.inclusion_tag("attachments/_section.html", takes_context=True)
def attachment_section(context: template.Context, record: Model, compact: bool = False) -> dict[str, Any]:
    user = context["request"].user
    entry = parent_of(type(record))
    if entry is None:
        raise template.TemplateSyntaxError(f"{type(record).__name__} carries no attachments")
    files, may_change = selectors.section_of(user, record)
    rows = [(a, selectors.may_remove(user, a, record, may_change=may_change)) for a in files]
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "record": record,
        "key": entry.key,
        "rows": rows,
        "compact": compact,
        "may_upload": may_change,
        "form": UploadForm(auto_id=f"id_att_{entry.key}{record.pk}_%s", user=user),
        "limits": _("%(list)s; at most %(limit)s each.") % {
            "list": accepted_list(), "limit": limit_text()},
        "section_id": "attachments" if not compact else f"attachments-{entry.key}-{record.pk}",
    }
