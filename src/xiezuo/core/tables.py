from typing import Any

import django_tables2 as tables
from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
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


COUNT_CAP = 10_000  # a list counts its records no further (national lists hold 100,000s)


class CappedPaginator(Paginator[Any]):
    """A list table's pages, counted no further than `COUNT_CAP` records: counting every
    record of a national list (100,000 people, 590,000 trainees) costs more than the page
    itself and tells nobody more than "over 10,000, narrow the search". `capped` says the
    count stopped; the pages beyond it are not offered (an export holds every record)."""

    capped = False

    @cached_property
    def count(self) -> int:
        queryset = getattr(getattr(self.object_list, "data", None), "data", None)  # the table's rows' queryset
        if not isinstance(queryset, QuerySet):
            return super().count
        # no order and no joins of the shown columns: count the first rows found, unsorted
        found = queryset.order_by().values("pk")[:COUNT_CAP + 1].count()
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)

    @property
    def shown_count(self) -> str:
        return f"{self.count:,}"


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
