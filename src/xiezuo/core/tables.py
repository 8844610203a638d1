from typing import Any

import django_tables2 as tables
from django.apps import apps
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xiezuo.core.formatting import scaled
from xiezuo.core.models import ImportBatch


class MoneyColumn(tables.Column):
    """An amount in yuan: 万元 / 亿元 when large, the exact yuan on hover."""

    def render(self, value: Any) -> SafeString:
        shown = scaled(value, _("yuan"))
        return format_html('<span title="{}">{} {}</span>', shown.exact, shown.value, shown.unit)


def kind_label(resource: str) -> str:
    """What an import brought in, by name (“人才”), not by its model label (people.person)."""
    try:
        return str(apps.get_model(resource)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return resource


class ImportBatchTable(tables.Table):
    revert = tables.TemplateColumn(
        template_name="core/import_revert_cell.html", verbose_name="", orderable=False
    )

    class Meta:
        model = ImportBatch
        fields = ("created_at", "resource", "file_name", "actor", "created_count",
                  "updated_count", "status", "reverted_at")
        attrs = {"class": "imports"}
        empty_text = _("No imports yet.")

    def render_resource(self, value: str) -> str:
        return kind_label(value)
