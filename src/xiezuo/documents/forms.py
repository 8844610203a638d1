"""The template upload form: the file, and for administrators the office (a region by name)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xiezuo.core.lookups import resolve
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.documents.models import TemplateKind
from xiezuo.regions.models import Region


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=TemplateKind.choices, initial=TemplateKind.POSTING_NOTICE)
    file = forms.FileField(label=_("Word template (.docx)"),
                           help_text=_("A .docx file with placeholders such as {{ 姓名 }} (listed below)."))
    region = forms.CharField(label=_("Office (region)"), required=False,
                             widget=Picker("regions.region", attrs={"placeholder": _("e.g. 巫山")}),
                             help_text=_("Empty: your own region."))

    def __init__(self, *args: Any, user: Actor, own_region: Region | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.own_region = own_region
        self.fields["file"].widget.attrs["accept"] = ".docx"

    def clean_region(self) -> Region | None:
        text = self.cleaned_data.get("region", "")
        if not text:
            if self.own_region is None:
                raise ValidationError(_("Give the region whose office the template is for."))
            return self.own_region
        try:
            return resolve(Region, self.user, text, field="region")
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
