"""Forms of the people pages: a person with their availability windows.

They only collect input: the organisation is typed by name and resolved through the
people's lookups (`orgs.lookups.ORGANISATION`: the organisations the user may name), the
specialty by its name or a common alias (脑外科 → 神经外科; one not in the vocabulary is kept
as written), and `people.services` decides and writes. A self-service user edits only the
fields their scope rule leaves to them (`core.scoping`: contact data, availability).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import RowSet, ServiceForm, VersionMixin
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import rule_for
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.people.models import Gender, Person
from xiezuo.people.services import MAX_WINDOWS
from xiezuo.reference.models import Domain, Mode, TitleLevel
from xiezuo.reference.selectors import find_specialty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EMPTY = [("", "---------")]  # rendered as 请选择 (core's select_option.html)


def _options(url_name: str, datalist: str) -> dict[str, Any]:
    """A typed-name input offering names from an options view in a datalist (htmx)."""
    return {"list": datalist, "autocomplete": "off", "hx-get": reverse_lazy(url_name),
            "hx-trigger": "input changed delay:300ms", "hx-target": f"#{datalist}"}


class LabelledForm(forms.Form):
    """Labels without a trailing colon (Chinese labels stand alone), required fields and
    fields with errors marked for the page's style (people/record-form.css)."""

    required_css_class = "required"
    error_css_class = "error"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PersonForm(ServiceForm, LabelledForm):
    """A new person (and, with the version, an edit): every field the record holds."""

    name = forms.CharField(label=_("Person name"), max_length=64)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNSPECIFIED)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200,
        help_text=_("Name of the organisation (add “/ region” if several share it)."),
        widget=Picker("orgs.organisation"))
    domain = forms.ChoiceField(label=_("Domain"), choices=EMPTY + list(Domain.choices))
    specialty = forms.CharField(
        label=_("Specialty"), max_length=128,
        help_text=_("The specialty's name or a common alias (e.g. 脑外科); one that the "
                    "vocabulary lacks is kept as written."),
        widget=forms.TextInput(attrs=_options("people:specialty_options", "person-specialty-options")))
    title = forms.CharField(label=_("Professional title"), max_length=64, required=False,
                            help_text=_("e.g. 副主任医师, 一级教师"))
    title_level = forms.TypedChoiceField(
        label=_("Title level"), coerce=int, empty_value=None, required=False,
        choices=[("", _("From the title"))] + list(TitleLevel.choices),
        help_text=_("Left empty, it follows from the title."))
    position = forms.CharField(label=_("Position"), max_length=128, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False,
                                help_text=_("18 characters; the birth date is taken from it."))
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_from(cls, instance: Model) -> dict[str, Any]:
        assert isinstance(instance, Person)
        values: dict[str, Any] = {name: getattr(instance, name) for name in cls.base_fields
                                  if name not in ("organisation", "specialty", "version")}
        values["organisation"] = instance.organisation.name
        values["specialty"] = instance.specialty_label
        return values

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        stored = getattr(self, "instance", None)
        if "organisation" in data:
            text = (data["organisation"] or "").strip()
            if isinstance(stored, Person) and text == stored.organisation.name:
                data["organisation"] = stored.organisation  # unchanged (even if a name is shared)
            else:
                data["organisation"] = resolve(ORGANISATION, actor, text, field="organisation")
        if (isinstance(stored, Person) and "title" in data and data["title"] != stored.title
                and data.get("title_level") == stored.title_level):
            data["title_level"] = None  # a new title: its level follows it (people.services)
        if "specialty" in data:
            text = (data.pop("specialty") or "").strip()
            if (isinstance(stored, Person) and text == stored.specialty_label
                    and data.get("domain") == stored.domain):
                # Unchanged: kept as stored (a text kept as written stays so).
                data["specialty"], data["specialty_text"] = stored.specialty, stored.specialty_text
                return data
            found = find_specialty(text, domain=data.get("domain") or None) if text else None
            data["specialty"] = found
            data["specialty_text"] = "" if found is not None else text
        return data


class PersonEditForm(VersionMixin, PersonForm):
    pass


SELF_FIELDS = rule_for(Person).self_fields


class SelfPersonEditForm(VersionMixin, PersonForm):
    """A person's own record: the fields their organisation does not keep for them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in SELF_FIELDS and name != "version":
                del self.fields[name]


class AvailabilityForm(LabelledForm):
    """One availability window: from, until, and the modes the person accepts in it."""

    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)
    modes = forms.MultipleChoiceField(label=_("Modes"), choices=Mode.choices,
                                      widget=forms.CheckboxSelectMultiple)


class BaseAvailabilityFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        windows = [f.cleaned_data for f in self.forms
                   if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")]
        if len(windows) > MAX_WINDOWS:
            raise ValidationError(_("At most %(limit)s availability windows per person.")
                                  % {"limit": MAX_WINDOWS})


AvailabilityFormSet = forms.formset_factory(
    AvailabilityForm, formset=BaseAvailabilityFormSet, extra=2, can_delete=True,
    max_num=MAX_WINDOWS, validate_max=True)

AVAILABILITY = RowSet(
    keyword="availability", formset_class=AvailabilityFormSet, fields=("start", "end", "modes"),
    context_name="windows", error_key=r"availability\[(\d+)\]\.(\w+)", order_by=("start",),
    summary=_("Correct the availability windows below."))
