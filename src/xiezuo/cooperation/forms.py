"""Forms of the cooperation pages; they only collect input — the services decide and write."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xiezuo.cooperation.models import (
    Agreement,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.core.forms import ServiceForm, VersionMixin
from xiezuo.core.lookups import resolve
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.exchange.forms import org_field
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.reference.models import Measure
from xiezuo.regions.lookups import PAIRING

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOTE = forms.Textarea(attrs={"rows": 3})


class RecordForm(ServiceForm, forms.ModelForm):
    """A record of one pairing (typed by name with a picker, among the pairings the user may
    see); organisation fields are typed names, resolved like everywhere else."""

    org_fields: tuple[str, ...] = ()
    instance: Agreement | Project | LabourCooperation | ConsumptionAssistance

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["pairing"] = forms.CharField(
            label=_("Pairing"), max_length=200, widget=Picker("regions.pairing"),
            help_text=_("Eastern side—western side, e.g. 烟台市—巫山县."))
        if self.initial.get("pairing"):  # the record's, or a page's ?pairing=12: its name
            self.initial["pairing"] = PAIRING.text_for(user, self.initial["pairing"])
        for name in self.org_fields:
            current = getattr(self.instance, name, None) if self.instance.pk else None
            if current is not None:
                self.fields[name].initial = current.name
        self.order_fields([*list(self._meta.fields or ())[:3], *self.org_fields])

    def _clean_org(self, name):
        try:
            return resolve(ANY_ORGANISATION, self.user, self.cleaned_data.get(name), field=name)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_pairing(self):
        try:
            return resolve(PAIRING, self.user, self.cleaned_data.get("pairing"), field="pairing")
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean(self):
        cleaned = super().clean()
        for name in self.org_fields:
            if name not in self.errors:
                try:
                    cleaned[name] = self._clean_org(name)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


class AgreementForm(RecordForm):
    east_party = org_field(_("Eastern party"), required=False)
    west_party = org_field(_("Western party"), required=False)
    org_fields = ("east_party", "west_party")

    class Meta:
        model = Agreement
        fields = ["title", "kind", "pairing", "signed_on", "start", "end", "reference", "note"]
        widgets = {"signed_on": DATE, "start": DATE, "end": DATE, "note": NOTE}


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    measure = forms.ChoiceField(label=_("Measure"), required=False,
                                choices=[("", "—"), *Measure.choices])
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=16, decimal_places=2)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return all(data.get(k) in (None, "") for k in ("year", "measure", "target"))


TargetFormSet = forms.formset_factory(TargetForm, extra=3, can_delete=True, max_num=200,
                                      validate_max=True)


class ProjectForm(RecordForm):
    organisation = org_field(_("Implementing organisation"), required=False)
    org_fields = ("organisation",)

    class Meta:
        model = Project
        fields = ["name", "category", "pairing", "year", "funds", "status", "start", "end", "note"]
        widgets = {"start": DATE, "end": DATE, "note": NOTE}


class LabourForm(RecordForm):
    class Meta:
        model = LabourCooperation
        fields = ["title", "kind", "pairing", "date", "positions_offered", "people_hired",
                  "employed_locally", "employed_in_east", "note"]
        widgets = {"date": DATE, "note": NOTE}


class ConsumptionForm(RecordForm):
    class Meta:
        model = ConsumptionAssistance
        fields = ["title", "pairing", "year", "companies_registered", "cooperatives_registered",
                  "sales", "note"]
        widgets = {"note": NOTE}


# --- edit forms: the same fields and the version the user loaded ------------------------


class AgreementEditForm(VersionMixin, AgreementForm):
    pass


class ProjectEditForm(VersionMixin, ProjectForm):
    pass


class LabourEditForm(VersionMixin, LabourForm):
    pass


class ConsumptionEditForm(VersionMixin, ConsumptionForm):
    pass
