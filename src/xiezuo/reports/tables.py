import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.reports.models import FactRecord, ReportDocument, plain_number


class DocumentTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("title"), empty_values=())
    pending = tables.Column(verbose_name=_("pending facts"), orderable=False, empty_values=())

    class Meta:
        model = ReportDocument
        fields = ("title", "status", "original_name", "script", "uploaded_at", "period_start",
                  "duplicate_of")
        attrs = {"class": "reports"}
        empty_text = _("No reports uploaded yet.")

    def render_title(self, record):
        return str(record)

    def render_duplicate_of(self, value):
        return _("near-duplicate")  # the original may lie outside the viewer's scope

    def render_pending(self, record):
        return getattr(record, "pending", "")


class FactRecordTable(tables.Table):
    value = tables.Column(verbose_name=_("value"))
    document = tables.Column(linkify=True, verbose_name=_("source report"))

    class Meta:
        model = FactRecord
        fields = ("indicator", "kind", "subject", "value", "qualifier", "unit", "pairing",
                  "organisation", "period_start", "period_end", "document")
        attrs = {"class": "fact-records"}
        empty_text = _("No fact records yet: accept facts on a report's page.")

    def render_value(self, value):
        return plain_number(value)
