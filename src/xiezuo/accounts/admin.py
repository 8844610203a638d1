from django.contrib import admin

from xiezuo.accounts.models import UserScope


@admin.register(UserScope)
class UserScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "region", "organisation")
    autocomplete_fields = ("user", "region", "organisation")
    search_fields = ("user__username", "region__name", "organisation__name")
