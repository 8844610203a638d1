from django.contrib import admin

from xiezuo.core.admin import InvalidatesFigures
from xiezuo.reference.models import Specialty


@admin.register(Specialty)
class SpecialtyAdmin(InvalidatesFigures, admin.ModelAdmin):
    list_display = ("code", "name", "domain", "parent")
    list_filter = ("domain",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
