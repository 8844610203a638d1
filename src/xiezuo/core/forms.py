"""Forms shared by every app: the Excel upload, the version of an edited record, and the one
contract between a page's form and a service (`ServiceForm.to_fields`, `RowSet` for child
rows, `apply_errors` putting a service's ValidationError back on the form)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, QuerySet
from django.forms.formsets import BaseFormSet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.core.types import Actor
from xiezuo.core.workbook_check import ImportFileError, check_upload_size


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        """A file bigger than any accepted workbook unpacks to is refused unread."""
        upload = self.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class ServiceForm(forms.Form):
    """The one contract of a page's form: it collects input, and `to_fields(actor)` gives the
    service's keyword inputs (references resolved, nothing written). The services decide.

    A form is made with the acting user (`user`; forms that list what the user may choose
    need it) and, on an edit page, the record (`instance`): a model form fills itself from
    it, a plain form from `initial_from`.
    """

    def __init__(self, *args: Any, user: Actor | None = None, instance: Model | None = None,
                 **kwargs: Any) -> None:
        if isinstance(self, forms.BaseModelForm):
            kwargs["instance"] = instance
        elif instance is not None:
            self.instance = instance
            kwargs["initial"] = {**self.initial_from(instance), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.user = user

    @classmethod
    def initial_from(cls, instance: Model) -> dict[str, Any]:
        """A plain form's initial values from the record it edits."""
        return {}

    def limit_choices(self, name: str, queryset: QuerySet[Any]) -> None:
        """The records a choice field offers (those the user may see, or change)."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        """The service's keyword inputs: the cleaned input without the version (the view
        gives the version to the service as `expected_version`)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class VersionMixin(forms.Form):
    """The version of the record the user loaded (a hidden field). The service refuses a
    stale one (`core.services.check_version` → Conflict); a form without a readable version
    is refused rather than saved blindly, with the message at the top of the form. The form's
    record gives the initial version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if not self.is_bound and instance is not None and instance.pk:
            self.initial.setdefault("version", instance.version)
        message = _("This form does not say which version of the record it was opened on, so "
                    "it was not saved. Open the record again and make your change there.")
        self.fields["version"].error_messages.update(
            required=message, invalid=message, min_value=message, max_value=message)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if "version" in self.errors:  # shown on the form, not as a hidden field's error
            for message in self.errors.pop("version"):
                self.add_error(None, message)
        return cleaned


@dataclass(frozen=True)
class RowSet:
    """Child rows edited in a formset beside the form (an activity's figures, an
    agreement's yearly targets), given to the service as one keyword: a list of dicts.

    The service names a row's errors by a key `error_key` matches (groups: the row's number,
    counted from `first_number`, and optionally the field); `apply_errors` puts them on the
    row's form.
    """

    keyword: str  # the service's keyword, the formset's prefix, the record's related name
    formset_class: type[BaseFormSet[Any]]
    fields: tuple[str, ...]  # the row's fields the service takes
    context_name: str  # the formset's name in the template
    error_key: str  # a regular expression, e.g. r"metrics\[(\d+)\]\.(\w+)"
    first_number: int = 0  # the number the service gives the first row
    in_changes: bool = True  # an update takes the rows in `changes` (else as a keyword)
    order_by: tuple[str, ...] = ()  # the stored rows' order on the edit form
    summary: str | Promise | None = None  # said on the form when only rows have errors

    def formset(self, data: Mapping[str, Any] | None, instance: Model | None) -> BaseFormSet[Any]:
        """The formset: bound to the input, or showing the record's stored rows."""
        if data is not None:
            return self.formset_class(data, prefix=self.keyword)
        initial = None
        if instance is not None:
            rows = getattr(instance, self.keyword)
            stored = rows.order_by(*self.order_by) if self.order_by else rows.all()
            initial = [{name: getattr(row, name) for name in self.fields} for row in stored]
        return self.formset_class(prefix=self.keyword, initial=initial)

    def rows(self, formset: BaseFormSet[Any]) -> tuple[list[dict[str, Any]], list[forms.Form]]:
        """The filled rows (not blank, not ticked for deletion) and the form of each."""
        rows: list[dict[str, Any]] = []
        used: list[forms.Form] = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            blank = all(data.get(name) in (None, "") for name in self.fields)
            if not data or data.get("DELETE") or blank:
                continue
            rows.append({name: data.get(name) for name in self.fields})
            used.append(form)
        return rows, used


def _add(form: forms.BaseForm, errors: Mapping[str, Sequence[str]]) -> None:
    """Each error on its field; one the form does not show as a field goes to the top of
    the form, prefixed with the name the service gave it."""
    for name, messages in errors.items():
        target = name if name in form.fields else None
        for message in messages:
            plain = target is not None or name == NON_FIELD_ERRORS
            form.add_error(target, message if plain else f"{name}: {message}")


def apply_errors(form: forms.BaseForm, exc: ValidationError, *,
                 formsets: Sequence[tuple[RowSet, Sequence[forms.Form]]] = ()) -> None:
    """Put a service's ValidationError back on the form: on the named field, or on the row
    of a formset (`formsets`: each row set with the forms of the rows given to the service),
    else at the top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    rest: dict[str, list[str]] = {}
    on_rows: RowSet | None = None
    for key, messages in exc.message_dict.items():
        for rowset, used in formsets:
            match = re.fullmatch(rowset.error_key, key)
            index = int(match[1]) - rowset.first_number if match else -1
            if match and 0 <= index < len(used):
                row_form = used[index]
                name = match[2] if match.lastindex and match.lastindex >= 2 else None
                for message in messages:
                    row_form.add_error(name if name in row_form.fields else None, message)
                on_rows = rowset
                break
        else:
            rest[key] = list(messages)
    _add(form, rest)
    if on_rows is not None and on_rows.summary and not form.errors:
        form.add_error(None, str(on_rows.summary))
