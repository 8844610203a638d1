"""Forms of the activities pages; they only collect input — the services decide and write.

Organisations, regions and pairings are typed by name with a picker (`core.widgets`) that
offers them, people by name (“name / organisation” when several share it); the forms
resolve them the same way the API does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.models import fields_for_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo.activities.models import Activity, Event, Trainee, TrainingClass
from xiezuo.core.forms import ServiceForm, VersionMixin
from xiezuo.core.lookups import resolve, resolve_fields
from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.orgs.lookups import by_name as organisation_by_name
from xiezuo.people.forms import LabelledForm
from xiezuo.people.lookups import PERSON
from xiezuo.reference.models import Indicator
from xiezuo.regions.lookups import PAIRING, REGION

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
WIDGETS: dict[str, forms.Widget | type[forms.Widget]] = {"start": DATE, "end": DATE, "date": DATE, "description": TEXTAREA}


def org_field(label: StrOrPromise, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=200, required=required,
        help_text=gettext_lazy("Name of the organisation (add “/ region” if several share it)."),
        widget=Picker("orgs.organisation.any"),
    )


def region_field(label: StrOrPromise, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=64, required=required,
                           widget=Picker("regions.region"),
                           help_text=gettext_lazy("Division code or name, e.g. 500237 or 巫山县."))


def pairing_field() -> forms.CharField:
    return forms.CharField(label=gettext_lazy("Pairing"), max_length=200, required=False,
                           widget=Picker("regions.pairing"),
                           help_text=gettext_lazy("Eastern side—western side, e.g. 烟台市—巫山县."))


def show_pairing(form: ServiceForm) -> None:
    """A pairing given as an id (the record's, or a page's ?pairing=12) shown by its name."""
    if form.initial.get("pairing") and form.user is not None:
        form.initial["pairing"] = PAIRING.text_for(form.user, form.initial["pairing"])


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
    pairing = pairing_field()
    host_region = region_field(gettext_lazy("Host region"))
    sending_org = org_field(gettext_lazy("Sending organisation"), required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        show_pairing(self)

    def field_order_names(self) -> list[str]:
        return ["name", "pairing", "host_region", "sending_org", "start", "end", "place", "description"]

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, Any]:  # type: ignore[override]
        return {**super().initial_from(event),
                "pairing": event.pairing_id,
                "host_region": event.host_region.full_name,
                "sending_org": event.sending_org.name if event.sending_org else ""}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        errors = resolve_fields(actor, data, {"pairing": PAIRING, "host_region": REGION,
                                              "sending_org": ANY_ORGANISATION})
        if errors:
            raise ValidationError(errors)
        return data


PEOPLE_SPLIT = re.compile(r"[\n;；、,，]+")


class ActivityForm(RecordForm):
    model = Activity
    model_fields = ("kind", "title", "date", "domain", "place", "description")
    labels = {"title": gettext_lazy("Activity title")}
    host = org_field(gettext_lazy("Host"))
    sending_org = org_field(gettext_lazy("Sending organisation"), required=False)
    pairing = pairing_field()
    event = forms.ModelChoiceField(label=gettext_lazy("Event"), queryset=Event.objects.none(),
                                   required=False)
    people = forms.CharField(
        label=gettext_lazy("People involved"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Names separated by 、 or one per line (“name / organisation” when "
                               "several share a name)."))

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        show_pairing(self)
        self.limit_choices("event", scoped(Event, user))

    def field_order_names(self) -> list[str]:
        return ["kind", "title", "date", "domain", "host", "sending_org", "pairing", "event", "place",
                "people", "description"]

    @classmethod
    def initial_from(cls, activity: Activity) -> dict[str, Any]:  # type: ignore[override]
        return {**super().initial_from(activity),
                "pairing": activity.pairing_id,
                "event": activity.event_id, "host": activity.host.name,
                "sending_org": activity.sending_org.name if activity.sending_org else "",
                "people": "、".join(f"{p.name} / {p.organisation.name}" if p.organisation_id else p.name
                                   for p in activity.people.select_related("organisation"))}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        errors = resolve_fields(actor, data, {"host": ANY_ORGANISATION,
                                              "sending_org": ANY_ORGANISATION, "pairing": PAIRING})
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
    pairing = pairing_field()
    trainee_region = region_field(gettext_lazy("Trainees from"), required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        show_pairing(self)

    def field_order_names(self) -> list[str]:
        return ["name", "category", "mode", "organiser", "pairing", "trainee_region", "place",
                "start", "end", "sessions", "description"]

    @classmethod
    def initial_from(cls, klass: TrainingClass) -> dict[str, Any]:  # type: ignore[override]
        return {**super().initial_from(klass),
                "pairing": klass.pairing_id,
                "organiser": klass.organiser.name,
                "trainee_region": klass.trainee_region.full_name if klass.trainee_region else ""}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        errors = resolve_fields(actor, data, {"organiser": ANY_ORGANISATION, "pairing": PAIRING,
                                              "trainee_region": REGION})
        if errors:
            raise ValidationError(errors)
        return data


# --- edit forms: the same fields and the version the user loaded ----------------------


class EventEditForm(VersionMixin, EventForm):
    pass


class ActivityEditForm(VersionMixin, ActivityForm):
    pass


class TrainingClassEditForm(VersionMixin, TrainingClassForm):
    pass


# --- trainees ---------------------------------------------------------------------------


class TraineeForm(ServiceForm, LabelledForm):
    """A trainee of a class: a registry person, or a name and workplace for someone not in
    the registry. A workplace that names no organisation is kept as written (village
    clinics, companies); one that names several is an error asking for the region."""

    person = forms.CharField(
        label=gettext_lazy("Person in the registry"), max_length=200, required=False,
        widget=Picker("people.person"),
        help_text=gettext_lazy("Name (“name / organisation” when several share it) or ID number; "
                               "leave empty for someone not in the registry and give the name "
                               "and workplace below."))
    name = forms.CharField(label=gettext_lazy("Trainee name"), max_length=64, required=False,
                           help_text=gettext_lazy("Empty: the registry person's name."))
    organisation = forms.CharField(
        label=gettext_lazy("Workplace"), max_length=200, required=False,
        widget=Picker("orgs.organisation.any"),
        help_text=gettext_lazy("Empty: the registry person's organisation. A workplace not in "
                               "the organisation list is kept as written."))
    sessions_attended = forms.IntegerField(label=gettext_lazy("Sessions attended"), min_value=0,
                                           max_value=100_000, initial=0)
    completed = forms.BooleanField(label=gettext_lazy("Completed (结业)"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    @classmethod
    def initial_from(cls, instance: Model) -> dict[str, Any]:
        assert isinstance(instance, Trainee)
        person = instance.person if instance.person_id else None
        organisation = instance.organisation if instance.organisation_id else None
        return {
            "person": "" if person is None else (
                f"{person.name} / {person.organisation.name}" if person.organisation_id
                else person.name),
            "name": instance.name,
            "organisation": organisation.name if organisation is not None
            else instance.organisation_name,
            "sessions_attended": instance.sessions_attended,
            "completed": instance.completed,
            "note": instance.note,
        }

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        errors: dict[str, list[str]] = {}
        # Values left as the edit form showed them keep the stored records (a shared name
        # does not stop an edit of the attendance).
        instance = getattr(self, "instance", None)
        stored = instance if isinstance(instance, Trainee) else None
        shown = self.initial_from(stored) if stored is not None else {}
        if stored is not None and data["person"] == shown["person"]:
            data["person"] = stored.person if stored.person_id else None
        else:
            try:
                data["person"] = resolve(PERSON, actor, data["person"], field="person")
            except ValidationError as exc:
                errors.update(exc.message_dict)
        text = (data.pop("organisation") or "").strip()
        data["organisation"], data["organisation_name"] = None, ""
        if stored is not None and text and text == shown["organisation"]:
            data["organisation"] = stored.organisation if stored.organisation_id else None
            data["organisation_name"] = stored.organisation_name
        elif text:
            try:
                data["organisation"] = resolve(ANY_ORGANISATION, actor, text, field="organisation")
            except ValidationError as exc:
                if organisation_by_name(ANY_ORGANISATION.records(actor), text).exists():
                    errors.update(exc.message_dict)  # several share the name: say which
                else:
                    data["organisation_name"] = text  # not in the list: as written
        if errors:
            raise ValidationError(errors)
        return data


class TraineeEditForm(VersionMixin, TraineeForm):
    pass
