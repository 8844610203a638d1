"""Back-office helpers: optimistic locking and change history in the admin."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from xiezuo.core.cache import changed
from xiezuo.core.excel import SafeXLSX
from xiezuo.core.models import ImportBatch
from xiezuo.core.scoping import scoped


class VersionedAdminForm(forms.ModelForm):  # type: ignore[type-arg]  # of any versioned model
    """Carries the version the editor loaded; a save over someone else's change is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            current = (type(self.instance)._default_manager.filter(pk=self.instance.pk)
                       .values_list("version", flat=True).first())
            if current != loaded:
                raise ValidationError(_(
                    "Someone else changed this record since you opened it (your version %(yours)s, "
                    "now %(now)s). Reload the page and apply your change again.")
                    % {"yours": loaded, "now": current})
        return cleaned


class InvalidatesFigures:
    """Admin writes go past the services: say here that the figures computed from the
    model's app are stale (`xiezuo.core.cache`)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        changed(obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        changed(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        changed(queryset.model)


class VersionedAdmin(InvalidatesFigures, SimpleHistoryAdmin):
    """Admin base for versioned records: optimistic locking, the history view, and the
    same scoped querysets as every other page."""

    form = VersionedAdminForm
    # django-import-export (people, organisations, postings): .xlsx only, inspected on
    # import and written with text cells on export, as everywhere else (core.excel).
    formats = [SafeXLSX]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        return scoped(super().get_queryset(request), request.user)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin[ImportBatch]):
    list_display = ("created_at", "resource", "file_name", "actor", "created_count",
                    "updated_count", "status")
    list_filter = ("status", "resource")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
