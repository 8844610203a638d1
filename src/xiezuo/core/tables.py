import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import ImportBatch


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
