"""The upload form on a record's page: one or more files, their kind and a note. The
files are checked by the service (size, type by content), which names every refused one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.attachments.checks import KINDS
from xiezuo.attachments.models import AttachmentKind
from xiezuo.core.forms import ServiceForm

ACCEPT = ",".join(KINDS)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every chosen file, unchecked: the service checks each and names the refused ones
    (an empty file included, which Django's own check would refuse without its name)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items if item]


class UploadForm(ServiceForm):
    # A declared field, not BaseForm.files (the metaclass takes it out of the class).
    files = MultipleFileField(label=_("Files (several at once)"))  # type: ignore[assignment]
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices,
                             initial=AttachmentKind.OTHER)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
