"""Forms of the reports pages: upload, the report period, a fact correction."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.reports.models import FactKind, Indicator, Qualifier


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.docx,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    # A declared field, not BaseForm.files (the metaclass takes it out of the class).
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Reports (.txt, .docx, .pdf; several at once)"),
        help_text=_("Text files may be in UTF-8, GB18030 or Big5."),
    )


# A date input takes and shows only ISO dates (YYYY-MM-DD), whatever the locale's format.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))
        return cleaned


def correction_form(fact, data=None) -> forms.Form:
    """An edit form with the fields of the fact's kind, filled with its current values."""
    v = fact.values
    fields: dict[str, forms.Field] = {}
    if fact.kind == FactKind.QUANTITY:
        fields = {
            "value": forms.DecimalField(label=_("Value"), min_value=0, max_digits=19, decimal_places=2),
            "qualifier": forms.ChoiceField(label=_("Qualifier"), choices=Qualifier.choices),
            "unit": forms.CharField(label=_("Unit"), max_length=16),
            "indicator": forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices),
            "subject": forms.CharField(label=_("Subject"), max_length=128, required=False),
        }
    elif fact.kind == FactKind.PAIRING:
        fields = {
            "east_code": forms.CharField(label=_("Eastern division code"), min_length=6, max_length=6),
            "west_code": forms.CharField(label=_("Western division code"), min_length=6, max_length=6),
        }
    elif fact.kind == FactKind.PERSON:
        fields = {
            "name": forms.CharField(label=_("Name"), max_length=128),
            "roles": forms.CharField(label=_("Roles (comma-separated)"), max_length=512, required=False),
            "organisation": forms.CharField(label=_("Organisation"), max_length=128, required=False),
        }
    else:
        fields = {
            "name": forms.CharField(label=_("Name"), max_length=128),
            "region_code": forms.CharField(label=_("Division code"), max_length=6, required=False),
        }
    initial = {k: v.get(k) for k in fields}
    if isinstance(initial.get("roles"), list):
        initial["roles"] = ", ".join(initial["roles"])
    form_class = type("CorrectionForm", (forms.Form,), dict(fields))
    return form_class(data=data, initial=initial, prefix=f"fact{fact.pk}")
