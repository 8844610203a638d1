from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.models import ApiToken, ApiTokenUse, UserScope
from xiezuo.accounts.services import revoke_tokens


@admin.register(UserScope)
class UserScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "region", "organisation")
    autocomplete_fields = ("user", "region", "organisation")
    search_fields = ("user__username", "region__name", "organisation__name")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every user's API tokens: read, and revoked (users create their own on the site)."""

    list_display = ("name", "owner", "prefix", "created", "expires_at", "last_used_at",
                    "last_used_ip", "status_label")
    list_filter = ("revoked_at", "expires_at", "last_used_at")
    search_fields = ("name", "prefix", "owner__username")
    readonly_fields = ("owner", "name", "prefix", "created", "expires_at", "last_used_at",
                       "last_used_ip", "revoked_at", "revoked_by", "status_label")
    exclude = ("digest",)
    actions = ("revoke",)

    @admin.display(description=_("status"))
    def status_label(self, token: ApiToken) -> str:
        return token.get_status_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False  # revoke instead: the token and its log stay

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        try:
            count = revoke_tokens(actor=request.user, token_ids=queryset.values_list("pk", flat=True))
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, gettext("Tokens revoked: %(n)d.") % {"n": count}, messages.SUCCESS)


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    """The usage log of the API tokens (read only)."""

    list_display = ("at", "token", "method", "path", "ip")
    list_filter = ("method", "at")
    search_fields = ("token__name", "token__prefix", "token__owner__username", "path", "ip")
    list_select_related = ("token", "token__owner")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiTokenUse | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiTokenUse | None = None) -> bool:
        return False
