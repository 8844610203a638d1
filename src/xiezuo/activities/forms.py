"""Forms of the activities pages; they only collect input — the services decide and write.

Organisations are typed by name (a datalist offers them), regions by code or name, people
by name (“name / organisation” when several share it); the views resolve them the same
way the API does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.models import fields_for_model
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo.activities.models import Activity, Event, TrainingClass
from xiezuo.core.forms import ServiceForm, VersionMixin
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.reference.models import Indicator
from xiezuo.regions.lookups import REGION
from xiezuo.regions.models import Pairing

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
WIDGETS: dict[str, forms.Widget | type[forms.Widget]] = {"start": DATE, "end": DATE, "date": DATE, "description": TEXTAREA}


def org_field(label: StrOrPromise, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=200, required=required,
        help_text=gettext_lazy("Name of the organisation (add “/ region” if several share it)."),
        widget=forms.TextInput(attrs={"list": "org-options", "autocomplete": "off",
                                      "hx-get": reverse_lazy("activities:org_options"),
                                      "hx-trigger": "input changed delay:300ms",
                                      "hx-target": "#org-options"}),
    )


def region_field(label: StrOrPromise, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=64, required=required,
                           help_text=gettext_lazy("Division code or name, e.g. 500237 or 巫山县."))


class RecordForm(ServiceForm):
    """A form whose plain fields come from the model; references are added per form."""

    model: type[Model]
    model_fields: tuple[str, ...] = ()
    labels: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = fields_for_model(self.model, fields=self.model_fields, widgets=WIDGETS)
        declared = dict(self.fields)
        self.fields = {**{n: base[n] for n in self.model_fields if n in base}, **declared}
        for name, label in self.labels.items():
            self.fields[name].label = label
        order = [n for n in self.field_order_names() if n in self.fields]
        self.order_fields(order)

    def field_order_names(self) -> list[str]:
        return list(self.fields)

    @classmethod
    def initial_from(cls, instance: Model) -> dict[str, Any]:
        return {n: getattr(instance, n) for n in cls.model_fields}


class EventForm(RecordForm):
    model = Event
    model_fields = ("name", "start", "end", "place", "description")
    pairing = forms.ModelChoiceField(label=gettext_lazy("Pairing"), queryset=Pairing.objects.none(),
                                     required=False)
    host_region = region_field(gettext_lazy("Host region"))
    sending_org = org_field(gettext_lazy("Sending organisation"), required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("pairing", scoped(Pairing, user).select_related(
            "east_region", "west_region"))

    def field_order_names(self) -> list[str]:
        return ["name", "pairing", "host_region", "sending_org", "start", "end", "place", "description"]

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, Any]:  # type: ignore[override]
        return {**super().initial_from(event), "pairing": event.pairing_id,
                "host_region": event.host_region.code,
                "sending_org": event.sending_org.name if event.sending_org else ""}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        data["host_region"] = resolve(REGION, actor, data["host_region"], field="host_region")
        data["sending_org"] = resolve(ANY_ORGANISATION, actor, data["sending_org"],
                                      field="sending_org")
        return data


PEOPLE_SPLIT = re.compile(r"[\n;；、,，]+")


class ActivityForm(RecordForm):
    model = Activity
    model_fields = ("kind", "title", "date", "domain", "place", "description")
    labels = {"title": gettext_lazy("Activity title")}
    host = org_field(gettext_lazy("Host"))
    sending_org = org_field(gettext_lazy("Sending organisation"), required=False)
    pairing = forms.ModelChoiceField(label=gettext_lazy("Pairing"), queryset=Pairing.objects.none(),
                                     required=False)
    event = forms.ModelChoiceField(label=gettext_lazy("Event"), queryset=Event.objects.none(),
                                   required=False)
    people = forms.CharField(
        label=gettext_lazy("People involved"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Names separated by 、 or one per line (“name / organisation” when "
                               "several share a name)."))

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("pairing", scoped(Pairing, user).select_related(
            "east_region", "west_region"))
        self.limit_choices("event", scoped(Event, user))

    def field_order_names(self) -> list[str]:
        return ["kind", "title", "date", "domain", "host", "sending_org", "pairing", "event", "place",
                "people", "description"]

    @classmethod
    def initial_from(cls, activity: Activity) -> dict[str, Any]:  # type: ignore[override]
        return {**super().initial_from(activity), "pairing": activity.pairing_id,
                "event": activity.event_id, "host": activity.host.name,
                "sending_org": activity.sending_org.name if activity.sending_org else "",
                "people": "、".join(f"{p.name} / {p.organisation.name}" if p.organisation_id else p.name
                                   for p in activity.people.select_related("organisation"))}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        errors: dict = {}
        for name in ("host", "sending_org"):
            try:
                data[name] = resolve(ANY_ORGANISATION, actor, data[name], field=name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        people = []
        for part in PEOPLE_SPLIT.split(data.pop("people") or ""):
            if part.strip():
                try:
                    people.append(resolve(PERSON, actor, part.strip(), field="people"))
                except ValidationError as exc:
                    errors.setdefault("people", []).extend(exc.message_dict["people"])
        data["people"] = people
        if errors:
            raise ValidationError(errors)
        return data


class MetricForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"), required=False,
                                  choices=[("", "—"), *Indicator.choices])
    subject = forms.CharField(label=gettext_lazy("What is counted"), max_length=64, required=False)
    value = forms.DecimalField(label=gettext_lazy("Value"), required=False, min_value=0,
                               max_digits=16, decimal_places=2)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=16, required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("indicator") and data.get("value") in (None, "") and not data.get(
            "subject") and not data.get("unit")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank() or data.get("DELETE"):
            return data
        if not data.get("indicator"):
            self.add_error("indicator", _("Choose the indicator of this figure."))
        if data.get("value") in (None, ""):
            self.add_error("value", _("Give the value of this figure."))
        return data


MetricFormSet = forms.formset_factory(MetricForm, extra=3, can_delete=True, max_num=200,
                                      validate_max=True)


class TrainingClassForm(RecordForm):
    model = TrainingClass
    model_fields = ("name", "category", "mode", "place", "start", "end", "sessions", "description")
    labels = {"mode": gettext_lazy("Training mode")}
    organiser = org_field(gettext_lazy("Organiser"))
    pairing = forms.ModelChoiceField(label=gettext_lazy("Pairing"), queryset=Pairing.objects.none(),
                                     required=False)
    trainee_region = region_field(gettext_lazy("Trainees from"), required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("pairing", scoped(Pairing, user).select_related(
            "east_region", "west_region"))

    def field_order_names(self) -> list[str]:
        return ["name", "category", "mode", "organiser", "pairing", "trainee_region", "place",
                "start", "end", "sessions", "description"]

    @classmethod
    def initial_from(cls, klass: TrainingClass) -> dict[str, Any]:  # type: ignore[override]
        return {**super().initial_from(klass), "pairing": klass.pairing_id,
                "organiser": klass.organiser.name,
                "trainee_region": klass.trainee_region.code if klass.trainee_region else ""}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        data["organiser"] = resolve(ANY_ORGANISATION, actor, data["organiser"], field="organiser")
        data["trainee_region"] = resolve(REGION, actor, data["trainee_region"],
                                         field="trainee_region")
        return data


# --- edit forms: the same fields and the version the user loaded ----------------------


class EventEditForm(VersionMixin, EventForm):
    pass


class ActivityEditForm(VersionMixin, ActivityForm):
    pass


class TrainingClassEditForm(VersionMixin, TrainingClassForm):
    pass
