from django.contrib import admin

from xiezuo.reference.models import Specialty


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "domain", "parent")
    list_filter = ("domain",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
