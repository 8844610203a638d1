"""Forms of the offers pages; they only collect input — `offers.services` decides and writes.

An offer is made by an organisation the user may change (chosen from a list) or, left
empty, by a city for its organisations (the city typed by name, `regions.region` picker);
the specialty is typed by its name or a common alias (脑外科 → 神经外科; one not in the
vocabulary is kept as written). The naming form of a place offers the people of the
offering organisation (or of the offering city's organisations).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import ServiceForm, VersionMixin
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import Action, scoped
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.offers.models import END_AFTER_START, Offer, Placement
from xiezuo.offers.selectors import offer_people
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.reference.models import Domain, Mode, TitleLevel
from xiezuo.reference.selectors import find_specialty
from xiezuo.regions.lookups import REGION

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EMPTY = [("", "---------")]  # rendered as 请选择 (core's select_option.html)
SPECIALTY_OPTIONS = "offer-specialty-options"  # the datalist in offers/form.html


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations told apart by their region: 烟台山医院（芝罘区）."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Organisation)
        return f"{obj.name}（{obj.region.name}）" if obj.region_id else obj.name


class OfferForm(ServiceForm):
    """A new offer (and, with the version, an edit)."""

    required_css_class = "required"
    error_css_class = "error"

    organisation = OrganisationChoiceField(
        label=_("Offering organisation"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Leave empty when a city offers for its organisations, and give the city."))
    region = forms.CharField(
        label=_("Offering city"), max_length=64, required=False,
        widget=Picker("regions.region", attrs={"placeholder": _("e.g. 烟台市")}),
        help_text=_("Only for an offer of a city; an organisation's offer takes its region."))
    domain = forms.ChoiceField(label=_("Domain"), choices=EMPTY + list(Domain.choices))
    specialty = forms.CharField(
        label=_("Specialty"), max_length=128,
        help_text=_("The specialty's name or a common alias (e.g. 脑外科); one that the "
                    "vocabulary lacks is kept as written."),
        widget=forms.TextInput(attrs={
            "list": SPECIALTY_OPTIONS, "autocomplete": "off",
            "hx-get": reverse_lazy("people:specialty_options"),
            "hx-trigger": "input changed delay:300ms", "hx-target": f"#{SPECIALTY_OPTIONS}"}))
    count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=10_000,
                               initial=1)
    min_title_level = forms.TypedChoiceField(
        label=_("Minimum title level"), coerce=int, choices=TitleLevel.choices,
        initial=TitleLevel.INTERMEDIATE,
        help_text=_("Everyone sent holds at least this title level."))
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)
    modes = forms.MultipleChoiceField(
        label=_("Modes"), choices=Mode.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("How the people can help: long posting, short visit …"))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("organisation", scoped(Organisation, user, Action.CHANGE)
                           .select_related("region").order_by("name", "pk"))

    def clean(self) -> dict[str, Any] | None:
        """Every mistake at once: the period is checked beside the fields' own checks (the
        service checks it again)."""
        cleaned = super().clean()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", END_AFTER_START)
        return cleaned

    @classmethod
    def initial_from(cls, instance: Model) -> dict[str, Any]:
        assert isinstance(instance, Offer)
        return {"organisation": instance.organisation_id,
                "region": "" if instance.organisation_id else instance.region.name,
                "domain": instance.domain, "specialty": instance.specialty_label,
                "count": instance.count, "min_title_level": instance.min_title_level,
                "start": instance.start, "end": instance.end, "modes": list(instance.modes or []),
                "note": instance.note}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        stored = getattr(self, "instance", None)
        region_text = (data.pop("region", "") or "").strip()
        if data.get("organisation") is None:
            if isinstance(stored, Offer) and stored.organisation_id is None and (
                    region_text == stored.region.name):
                data["region"] = stored.region  # unchanged (even if a name is shared)
            else:
                data["region"] = resolve(REGION, actor, region_text, field="region")
        text = (data.pop("specialty", "") or "").strip()
        if isinstance(stored, Offer) and text == stored.specialty_label and (
                data.get("domain") == stored.domain):
            data["specialty"], data["specialty_text"] = stored.specialty, stored.specialty_text
        else:
            found = find_specialty(text, domain=data.get("domain") or None) if text else None
            data["specialty"] = found
            data["specialty_text"] = "" if found is not None else text
        data["modes"] = list(data.get("modes") or [])
        return data


class OfferEditForm(VersionMixin, OfferForm):
    """The edit form carries the version the user loaded: a stale one is refused by the
    service (Conflict) instead of overwriting a change made in the meantime."""


class PersonChoiceField(forms.ModelChoiceField):
    """People told apart: 张三 · 神经外科 · 副高级（烟台山医院）."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Person)
        level = (str(TitleLevel(obj.title_level).label)
                 if obj.title_level in TitleLevel.values else "")
        parts = [obj.name, obj.specialty.name if obj.specialty else obj.specialty_text, level]
        return " · ".join(p for p in parts if p) + f"（{obj.organisation.name}）"


class NameForm(ServiceForm):
    """The person who takes a place, among the offering side's people."""

    person = PersonChoiceField(label=_("Person to send"), queryset=Person.objects.none(),
                               help_text=_("The person is checked against the need's "
                                           "requirements shown beside."))

    def __init__(self, *args: Any, user: Actor, placement: Placement, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, user=user, **kwargs)
        need = placement.need
        # the people the user sees who may be named for the offer's places
        people = offer_people(placement.offer,
                              scoped(Person, user).select_related("organisation", "specialty"))
        # The people of the need's specialty first, then the rest by name.
        fits = Q(specialty_id=need.specialty_id) if need.specialty_id else Q(
            specialty_text__icontains=need.specialty_text or "\x00")
        ordered = people.filter(fits).order_by("-title_level", "name", "pk")
        rest = people.exclude(fits).order_by("name", "pk")
        self.limit_choices("person", people.order_by("name", "pk"))
        field = self.fields["person"]
        assert isinstance(field, PersonChoiceField)
        field.choices = [("", "---------")] + [
            (p.pk, field.label_from_instance(p)) for p in [*ordered[:300], *rest[:300]]]
