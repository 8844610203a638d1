from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from xiezuo.core.admin import VersionedAdmin
from xiezuo.orgs.models import Organisation
from xiezuo.orgs.resources import OrganisationResource


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdmin, ImportExportModelAdmin):
    list_display = ("name", "kind", "region", "hospital_grade", "school_stage")
    list_filter = ("kind", "hospital_grade", "school_stage")
    search_fields = ("name", "region__name")
    autocomplete_fields = ("region", "parent")
    resource_classes = [OrganisationResource]

    def get_resource_kwargs(self, request, **kwargs):
        return {"actor": request.user}
