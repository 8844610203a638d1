"""Excel import/export of events, activities, training classes and trainees.

Every sheet has an “ID” column: blank adds a record, a number updates that record (one
you may change), so an exported sheet imported again changes nothing and an edited one
applies its edits. Imports are all or nothing; bad rows are listed with their column.

Activities: one row per activity and one column per indicator (named after the
indicator). A figure cell holds the value (``202``), optionally with its unit
(``202 人次``), and with what is counted before it (``问题 32 个``); several figures of one
indicator are separated by ``；`` (``问题 32；建议 58；合作意向 11``). Blank: no figure.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from xiezuo.activities import services
from xiezuo.activities.lookups import EVENT
from xiezuo.activities.models import (
    Activity,
    ActivityKind,
    Event,
    Trainee,
    TrainingCategory,
    TrainingClass,
    TrainingMode,
)
from xiezuo.activities.selectors import with_counts
from xiezuo.core.excel import (
    FULLWIDTH_DIGITS,
    ChoiceWidget,
    FlexibleDateWidget,
    ScopedResource,
    TextWidget,
)
from xiezuo.core.lookups import by_id, resolve
from xiezuo.core.scoping import Action, scoped
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON, by_id_number
from xiezuo.reference.models import Domain, Indicator
from xiezuo.regions.lookups import PAIRING, REGION

ID_LABEL = gettext_lazy("ID")
YES = {"是", "yes", "y", "1", "true", "√", "✓", "结业", "已结业"}
NO = {"否", "no", "n", "0", "false", "×", "未结业", ""}


def number_text(value) -> str:
    """A Decimal as a person writes it: 202, 1.5 (no trailing zeros)."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


class BoolWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("“%(value)s” is not yes or no (是/否).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class RecordResource(ScopedResource):
    """Shared parts: the ID column, reference columns resolved in `import_instance`."""

    record_id = fields.Field(column_name="record_id", widget=TextWidget())

    def _cell(self, row, name: str) -> str:
        try:
            value = self.fields[name].clean(row)
        except KeyError:  # an optional column left out of the workbook
            return ""
        except ValueError as exc:
            raise ValidationError({name: [str(exc)]}) from None
        return str(value if value is not None else "").strip()

    def get_instance(self, instance_loader, row):
        text = self._cell(row, "record_id")
        if not text:
            return None
        return scoped(self._meta.model, self.actor, Action.CHANGE).filter(
            pk=int(text) if text.isdigit() and len(text) < 15 else 0).first()

    def check_id(self, instance, row, errors: dict) -> None:
        text = self._cell(row, "record_id")
        if text and instance.pk is None:
            errors.setdefault("record_id", []).append(
                _("No %(model)s number “%(value)s” that you may change is known.")
                % {"model": self._meta.model._meta.verbose_name, "value": text})

    def resolve(self, errors: dict, name: str, func, *, required=False):
        try:
            value = func()
        except ValidationError as exc:
            errors.setdefault(name, []).extend(
                [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict")
                else exc.messages)
            return None
        if value is None and required:
            errors.setdefault(name, []).append(_("This column is required."))
        return value

    def reference(self, errors: dict, row, name: str, lookup, *, required=False):
        """The record the row's `name` column names (core.lookups), its error on `errors`."""
        return self.resolve(errors, name, lambda: resolve(
            lookup, self.actor, self._cell(row, name), field=name), required=required)

    def dehydrate_record_id(self, obj):
        return obj.pk


# --- events ---------------------------------------------------------------------------


class EventResource(RecordResource):
    export_related = ("pairing__east_region", "pairing__west_region", "pairing__east_org",
                      "pairing__west_org", "host_region", "sending_org")
    name = fields.Field(attribute="name", widget=TextWidget())
    pairing = fields.Field(column_name="pairing", widget=TextWidget())
    host_region = fields.Field(column_name="host_region", widget=TextWidget())
    sending_org = fields.Field(column_name="sending_org", widget=TextWidget())
    start = fields.Field(attribute="start", widget=FlexibleDateWidget())
    end = fields.Field(attribute="end", widget=FlexibleDateWidget())
    place = fields.Field(attribute="place", widget=TextWidget())
    description = fields.Field(attribute="description", widget=TextWidget())

    column_labels = {
        "record_id": ID_LABEL,
        "name": gettext_lazy("Event name"),
        "pairing": gettext_lazy("Pairing (number)"),
        "host_region": gettext_lazy("Host region"),
        "sending_org": gettext_lazy("Sending organisation"),
        "start": gettext_lazy("Start"),
        "end": gettext_lazy("End"),
        "place": gettext_lazy("Place"),
        "description": gettext_lazy("Description"),
    }
    required_columns = ("name", "host_region", "start", "end")

    class Meta:
        model = Event
        fields = ("record_id", "name", "pairing", "host_region", "sending_org", "start", "end",
                  "place", "description")
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.check_id(instance, row, errors)
        instance.host_region = self.reference(errors, row, "host_region", REGION, required=True)
        instance.pairing = self.reference(errors, row, "pairing", PAIRING)
        instance.sending_org = self.reference(errors, row, "sending_org", ANY_ORGANISATION)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        with transaction.atomic():
            if instance.pk is None:
                services.create_event(actor=self.actor, **_values(instance))
            else:
                services.update_event(actor=self.actor, instance=instance, changes={})

    def dehydrate_pairing(self, event):
        return event.pairing_id or ""

    def dehydrate_host_region(self, event):
        return event.host_region.code

    def dehydrate_sending_org(self, event):
        return event.sending_org.name if event.sending_org_id else ""


def _values(instance) -> dict:
    """The field values of an unsaved instance, for a create service."""
    return {f.name: getattr(instance, f.name) for f in instance._meta.concrete_fields
            if f.name not in ("id", "version")}


def _saved(resource, instance, created) -> None:
    """Give the instance built by import-export the primary key the service stored."""
    instance.pk = created.pk
    instance.version = created.version
    instance._state.adding = False


# --- activities -----------------------------------------------------------------------

FIGURE = re.compile(r"^\s*(?P<subject>\D*?)\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>\S.*?)?\s*$")
FIGURE_SPLIT = re.compile(r"[;；\n]+")


def parse_figures(value) -> list[dict]:
    """A figure cell: ``202``, ``202 人次``, ``问题 32 个；建议 58`` → [{subject, value, unit}]."""
    if value in (None, ""):
        return []
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return [{"subject": "", "value": Decimal(str(value)), "unit": ""}]
    figures = []
    for part in FIGURE_SPLIT.split(str(value).translate(FULLWIDTH_DIGITS)):
        if not part.strip():
            continue
        match = FIGURE.match(part.replace(",", ""))
        if not match:
            raise ValueError(_("“%(value)s” is not a figure (write 202, 202 人次 or 问题 32 个).")
                             % {"value": part.strip()})
        try:
            number = Decimal(match["value"])
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": match["value"]}) from None
        figures.append({"subject": match["subject"].strip(), "value": number,
                        "unit": (match["unit"] or "").strip()})
    return figures


def render_figures(metrics) -> str:
    parts = []
    for m in metrics:
        text = number_text(m.value)
        if m.unit:
            text = f"{text} {m.unit}"
        if m.subject:
            text = f"{m.subject} {text}"
        parts.append(text)
    return "；".join(parts)


def _metric_field(code):
    return f"m_{code}"


class ActivityResource(RecordResource):
    kind = fields.Field(attribute="kind", widget=ChoiceWidget(ActivityKind))
    title = fields.Field(attribute="title", widget=TextWidget())
    date = fields.Field(attribute="date", widget=FlexibleDateWidget())
    domain = fields.Field(attribute="domain", widget=ChoiceWidget(Domain))
    host = fields.Field(column_name="host", widget=TextWidget())
    sending_org = fields.Field(column_name="sending_org", widget=TextWidget())
    pairing = fields.Field(column_name="pairing", widget=TextWidget())
    event = fields.Field(column_name="event", widget=TextWidget())
    place = fields.Field(attribute="place", widget=TextWidget())
    description = fields.Field(attribute="description", widget=TextWidget())
    # One column per indicator, after the activity's own columns.
    for _code in Indicator.values:
        locals()[_metric_field(_code)] = fields.Field(
            column_name=_metric_field(_code), widget=TextWidget(),
            dehydrate_method=lambda activity, code=_code: render_figures(
                [m for m in activity.metrics.all() if m.indicator == code]))
    del _code

    column_labels = {
        "record_id": ID_LABEL,
        "kind": gettext_lazy("Kind"),
        "title": gettext_lazy("Activity title"),
        "date": gettext_lazy("Date"),
        "domain": gettext_lazy("Domain"),
        "host": gettext_lazy("Host"),
        "sending_org": gettext_lazy("Sending organisation"),
        "pairing": gettext_lazy("Pairing (number)"),
        "event": gettext_lazy("Event (number)"),
        "place": gettext_lazy("Place"),
        "description": gettext_lazy("Description"),
        **{_metric_field(code): label for code, label in Indicator.choices},
    }
    required_columns = ("kind", "title", "date", "domain", "host")

    class Meta:
        model = Activity
        fields = ("record_id", "kind", "title", "date", "domain", "host", "sending_org", "pairing",
                  "event", "place", "description", *(_metric_field(c) for c in Indicator.values))
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.check_id(instance, row, errors)
        instance.host = self.reference(errors, row, "host", ANY_ORGANISATION, required=True)
        instance.sending_org = self.reference(errors, row, "sending_org", ANY_ORGANISATION)
        instance.pairing = self.reference(errors, row, "pairing", PAIRING)
        instance.event = self.reference(errors, row, "event", EVENT)
        metrics = []
        for code, _label in Indicator.choices:
            name = _metric_field(code)
            try:
                raw = row.get(self.fields[name].column_name)
                figures = parse_figures(raw)
                services.build_metrics([{"indicator": code, **f} for f in figures])
            except ValueError as exc:
                errors.setdefault(name, []).append(str(exc))
                continue
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
                continue
            metrics += [{"indicator": code, **f} for f in figures]
        instance._import_metrics = metrics
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        metrics = getattr(instance, "_import_metrics", [])
        with transaction.atomic():
            if instance.pk is None:
                created = services.create_activity(actor=self.actor, metrics=metrics,
                                                   **_values(instance))
                _saved(self, instance, created)
            else:
                services.update_activity(actor=self.actor, instance=instance, changes={},
                                         metrics=metrics)

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        queryset = queryset.select_related("host", "sending_org").prefetch_related("metrics")
        return super().export(queryset=queryset, **kwargs)

    def dehydrate_host(self, activity):
        return activity.host.name

    def dehydrate_sending_org(self, activity):
        return activity.sending_org.name if activity.sending_org_id else ""

    def dehydrate_pairing(self, activity):
        return activity.pairing_id or ""

    def dehydrate_event(self, activity):
        return activity.event_id or ""


# --- training classes -----------------------------------------------------------------


class TrainingClassResource(RecordResource):
    name = fields.Field(attribute="name", widget=TextWidget())
    category = fields.Field(attribute="category", widget=ChoiceWidget(TrainingCategory))
    mode = fields.Field(attribute="mode", widget=ChoiceWidget(TrainingMode))
    organiser = fields.Field(column_name="organiser", widget=TextWidget())
    pairing = fields.Field(column_name="pairing", widget=TextWidget())
    trainee_region = fields.Field(column_name="trainee_region", widget=TextWidget())
    place = fields.Field(attribute="place", widget=TextWidget())
    start = fields.Field(attribute="start", widget=FlexibleDateWidget())
    end = fields.Field(attribute="end", widget=FlexibleDateWidget())
    sessions = fields.Field(attribute="sessions", widget=widgets.IntegerWidget())
    description = fields.Field(attribute="description", widget=TextWidget())
    enrolments = fields.Field(column_name="enrolments")
    person_times = fields.Field(column_name="person_times")
    completed = fields.Field(column_name="completed")

    column_labels = {
        "record_id": ID_LABEL,
        "name": gettext_lazy("Class name"),
        "category": gettext_lazy("Category"),
        "mode": gettext_lazy("Training mode"),
        "organiser": gettext_lazy("Organiser"),
        "pairing": gettext_lazy("Pairing (number)"),
        "trainee_region": gettext_lazy("Trainees from"),
        "place": gettext_lazy("Place"),
        "start": gettext_lazy("Start"),
        "end": gettext_lazy("End"),
        "sessions": gettext_lazy("Sessions held"),
        "description": gettext_lazy("Description"),
        "enrolments": gettext_lazy("Enrolments"),
        "person_times": gettext_lazy("Person-times (attended)"),
        "completed": gettext_lazy("Completed (结业)"),
    }
    required_columns = ("name", "category", "organiser", "start", "end")
    READ_ONLY = ("enrolments", "person_times", "completed")

    class Meta:
        model = TrainingClass
        fields = ("record_id", "name", "category", "mode", "organiser", "pairing", "trainee_region",
                  "place", "start", "end", "sessions", "description", "enrolments", "person_times",
                  "completed")
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def get_import_fields(self):
        hidden = {self.fields[n].column_name for n in self.READ_ONLY}
        return [f for f in super().get_import_fields() if f.column_name not in hidden]

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.check_id(instance, row, errors)
        if not instance.mode:
            instance.mode = TrainingMode.ON_SITE
        if instance.sessions in (None, ""):
            instance.sessions = 1
        instance.organiser = self.reference(errors, row, "organiser", ANY_ORGANISATION,
                                            required=True)
        instance.pairing = self.reference(errors, row, "pairing", PAIRING)
        instance.trainee_region = self.reference(errors, row, "trainee_region", REGION)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        with transaction.atomic():
            if instance.pk is None:
                _saved(self, instance, services.create_training_class(
                    actor=self.actor, **_values(instance)))
            else:
                services.update_training_class(actor=self.actor, instance=instance, changes={})

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset=with_counts(queryset.select_related(
            "organiser", "trainee_region")), **kwargs)

    def dehydrate_organiser(self, klass):
        return klass.organiser.name

    def dehydrate_pairing(self, klass):
        return klass.pairing_id or ""

    def dehydrate_trainee_region(self, klass):
        return klass.trainee_region.code if klass.trainee_region_id else ""

    def dehydrate_enrolments(self, klass):
        return getattr(klass, "n_enrolments", "")

    def dehydrate_person_times(self, klass):
        return getattr(klass, "n_person_times", "")

    def dehydrate_completed(self, klass):
        return getattr(klass, "n_completed", "")


# --- trainees -------------------------------------------------------------------------

# A trainee's person is given by number (or ID number), or left blank for the name and
# organisation name.
TRAINEE_PERSON = dataclasses.replace(
    PERSON, keys=(by_id_number, by_id),
    malformed=gettext_lazy("Give the person's number, or leave it blank and give the name and "
                           "organisation name."))


class TraineeResource(RecordResource):
    training_class = fields.Field(column_name="training_class", widget=TextWidget())
    person = fields.Field(column_name="person", widget=TextWidget())
    name = fields.Field(attribute="name", widget=TextWidget())
    organisation_name = fields.Field(attribute="organisation_name", widget=TextWidget())
    sessions_attended = fields.Field(attribute="sessions_attended", widget=widgets.IntegerWidget())
    completed = fields.Field(attribute="completed", widget=BoolWidget())
    note = fields.Field(attribute="note", widget=TextWidget())

    column_labels = {
        "record_id": ID_LABEL,
        "training_class": gettext_lazy("Training class (number or name)"),
        "person": gettext_lazy("Person (number)"),
        "name": gettext_lazy("Trainee name"),
        "organisation_name": gettext_lazy("Organisation name"),
        "sessions_attended": gettext_lazy("Sessions attended"),
        "completed": gettext_lazy("Completed (结业)"),
        "note": gettext_lazy("Note"),
    }
    required_columns = ("training_class", "name", "sessions_attended")

    class Meta:
        model = Trainee
        fields = ("record_id", "training_class", "person", "name", "organisation_name",
                  "sessions_attended", "completed", "note")
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.check_id(instance, row, errors)
        if instance.sessions_attended in (None, ""):
            instance.sessions_attended = 0
        text = {n: self._cell(row, n) for n in ("training_class", "person")}
        klass = self.resolve(errors, "training_class", lambda: self._class(text["training_class"]),
                             required=True)
        if klass is not None:
            instance.training_class = klass
        person = self.reference(errors, row, "person", TRAINEE_PERSON)
        if person is not None and person.pk != instance.person_id:
            instance.person = person
            instance.organisation = None
        elif person is None and not text["person"] and instance.person_id:
            instance.person = None
        services._fill_trainee(instance, set())
        if errors:
            raise ValidationError(errors)

    def _class(self, text):
        if not text:
            return None
        classes = scoped(TrainingClass, self.actor, Action.CHANGE)
        if text.isdigit() and len(text) < 15:
            found = classes.filter(pk=int(text)).first()
            if found:
                return found
        matches = list(classes.filter(name=text)[:2])
        if len(matches) == 1:
            return matches[0]
        raise ValidationError({"training_class": (
            _("No training class “%(value)s” that you may change is known.") if not matches
            else _("Several classes are named “%(value)s”; give the class number.")) % {"value": text}})

    def save_instance(self, instance, is_create, row, **kwargs):
        with transaction.atomic():
            if instance.pk is None:
                _saved(self, instance, services.create_trainee(actor=self.actor, **_values(instance)))
            else:
                services.update_trainee(actor=self.actor, instance=instance, changes={})

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset=queryset.select_related("training_class"), **kwargs)

    def dehydrate_training_class(self, trainee):
        return trainee.training_class_id

    def dehydrate_person(self, trainee):
        return trainee.person_id or ""
