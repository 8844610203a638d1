from django.contrib import admin

from xiezuo.core.admin import VersionedAdmin
from xiezuo.reports.models import Fact, FactRecord, ReportDocument


@admin.register(ReportDocument)
class ReportDocumentAdmin(VersionedAdmin):
    list_display = ("__str__", "status", "original_name", "script", "uploaded_by", "uploaded_at",
                    "duplicate_of")
    list_filter = ("status", "script")
    search_fields = ("title", "original_name", "sha256")
    readonly_fields = ("sha256", "uploaded_by", "text", "segments", "status", "status_message")
    autocomplete_fields = ("region", "organisation", "east_region", "west_region")
    raw_id_fields = ("duplicate_of",)


@admin.register(Fact)
class FactAdmin(VersionedAdmin):
    list_display = ("__str__", "document", "kind", "status", "reviewed_by", "reviewed_at")
    list_filter = ("kind", "status")
    search_fields = ("evidence",)
    raw_id_fields = ("document",)
    readonly_fields = ("reviewed_by", "reviewed_at")


@admin.register(FactRecord)
class FactRecordAdmin(VersionedAdmin):
    list_display = ("__str__", "indicator", "subject", "pairing", "organisation", "period_start")
    list_filter = ("kind", "indicator")
    search_fields = ("subject",)
    raw_id_fields = ("document", "fact", "pairing")
    autocomplete_fields = ("organisation",)
