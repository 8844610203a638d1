"""Excel import/export of people, with one availability window per row."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from xiezuo.core.excel import ChoiceWidget, FlexibleDateWidget, ScopedResource, TextWidget
from xiezuo.core.lookups import resolve
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.people.models import Availability, Gender, Person
from xiezuo.people.privacy import Channel, log_access, mask_id_number, mask_phone, visible_unmasked
from xiezuo.people.services import check_id_number
from xiezuo.reference.models import Domain, Mode, TitleLevel
from xiezuo.reference.selectors import find_specialty
from xiezuo.vocab.titles import title_level as level_of_title


class OrganisationNameWidget(widgets.Widget):
    def __init__(self, resource, **kwargs):
        self.resource = resource
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        if not name:
            raise ValueError(_("The organisation is required."))
        cache = self.__dict__.setdefault("_cache", {})
        if name not in cache:
            try:
                cache[name] = resolve(ORGANISATION, self.resource.actor, name, field="organisation")
            except ValidationError as exc:
                cache[name] = "; ".join(exc.messages)  # the same answer for every row
        found = cache[name]
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ModesWidget(widgets.Widget):
    """Modes separated by commas or 、 given as codes or labels."""

    def clean(self, value, row=None, **kwargs):
        single = ChoiceWidget(Mode)
        text = str(value or "").replace("，", ",").replace("、", ",")
        return [single.clean(part) for part in text.split(",") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        labels = dict(Mode.choices)
        return "、".join(str(labels.get(v, v)) for v in value or [])


class PersonResource(ScopedResource):
    name = fields.Field(attribute="name", widget=TextWidget())
    gender = fields.Field(attribute="gender", widget=ChoiceWidget(Gender))
    organisation = fields.Field(attribute="organisation")
    domain = fields.Field(attribute="domain", widget=ChoiceWidget(Domain))
    specialty = fields.Field(attribute="specialty_text", widget=TextWidget())
    title = fields.Field(attribute="title", widget=TextWidget())
    title_level = fields.Field(attribute="title_level", widget=ChoiceWidget(TitleLevel))
    position = fields.Field(attribute="position", widget=TextWidget())
    phone = fields.Field(attribute="phone", widget=TextWidget())
    id_number = fields.Field(attribute="id_number", widget=TextWidget())
    available_from = fields.Field(column_name="available_from", widget=FlexibleDateWidget())
    available_until = fields.Field(column_name="available_until", widget=FlexibleDateWidget())
    modes = fields.Field(column_name="modes", widget=ModesWidget())

    column_labels = {
        "name": gettext_lazy("Person name"),
        "gender": gettext_lazy("Gender"),
        "organisation": gettext_lazy("Organisation"),
        "domain": gettext_lazy("Domain"),
        "specialty": gettext_lazy("Specialty"),
        "title": gettext_lazy("Professional title"),
        "title_level": gettext_lazy("Title level"),
        "position": gettext_lazy("Position"),
        "phone": gettext_lazy("Phone"),
        "id_number": gettext_lazy("ID number"),
        "available_from": gettext_lazy("Available from"),
        "available_until": gettext_lazy("Available until"),
        "modes": gettext_lazy("Modes"),
    }
    required_columns = ("name", "organisation", "domain", "specialty")

    class Meta:
        model = Person
        fields = (
            "name",
            "gender",
            "organisation",
            "domain",
            "specialty",
            "title",
            "title_level",
            "position",
            "phone",
            "id_number",
            "available_from",
            "available_until",
            "modes",
        )
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["organisation"].widget = OrganisationNameWidget(self)
        self._specialties: dict = {}  # lookups repeat on every row of a large file

    def get_instance(self, instance_loader, row):
        return None  # people are always added; duplicates are caught by the ID number

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            check_id_number(actor=self.actor, id_number=instance.id_number or "", person_id=instance.pk)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if instance.specialty_text:
            key = (instance.specialty_text, instance.domain or None)
            if key not in self._specialties:
                self._specialties[key] = find_specialty(key[0], domain=key[1])
            found = self._specialties[key]
            if found:
                instance.specialty, instance.specialty_text = found, ""
        if instance.gender == "":
            instance.gender = Gender.UNSPECIFIED
        if instance.title and not instance.title_level:
            instance.title_level = level_of_title(instance.title)
        elif instance.title_level == "":
            instance.title_level = None
        window = self._window(row, errors)
        instance._import_window = window
        if errors:
            raise ValidationError(errors)

    def _window(self, row, errors: dict) -> Availability | None:
        values = {}
        for name in ("available_from", "available_until", "modes"):
            fld = self.fields[name]
            try:
                values[name] = fld.clean(row)
            except ValueError as exc:
                errors[name] = [str(exc)]
        if errors.keys() & {"available_from", "available_until", "modes"}:
            return None
        start, end, modes = values["available_from"], values["available_until"], values["modes"]
        if not (start or end or modes):
            return None
        window = Availability(start=start, end=end, modes=modes)
        try:
            # clean() checks the dates; the database constraint backs it up.
            window.full_clean(exclude=["person"], validate_constraints=False)
        except ValidationError as exc:
            names = {"start": "available_from", "end": "available_until"}
            for key, msgs in exc.message_dict.items():
                errors[names.get(key, key)] = msgs
        return window

    def after_save_instance(self, instance, row, **kwargs):
        window = getattr(instance, "_import_window", None)
        if window is not None:
            window.person = instance
            window.save()

    def export(self, queryset=None, **kwargs):
        """Personal data is masked unless the exporting user's role may see it; the
        people whose unmasked data leaves in the file are logged."""
        queryset = self.get_queryset() if queryset is None else queryset
        queryset = queryset.select_related("organisation", "specialty").prefetch_related("availability")
        shown = list(visible_unmasked(self.actor, queryset).exclude(phone="", id_number=""))
        self._unmasked_ids = {person.pk for person in shown}
        data = super().export(queryset=queryset, **kwargs)
        log_access(self.actor, shown, channel=Channel.EXPORT)
        return data

    def dehydrate_phone(self, person):
        return person.phone if person.pk in self._unmasked_ids else mask_phone(person.phone)

    def dehydrate_id_number(self, person):
        return person.id_number if person.pk in self._unmasked_ids else mask_id_number(person.id_number)

    def dehydrate_specialty(self, person):
        return person.specialty_label

    def dehydrate_available_from(self, person):
        first = next(iter(person.availability.all()), None)
        return first.start.isoformat() if first else ""

    def dehydrate_available_until(self, person):
        first = next(iter(person.availability.all()), None)
        return first.end.isoformat() if first else ""

    def dehydrate_modes(self, person):
        first = next(iter(person.availability.all()), None)
        return self.fields["modes"].widget.render(first.modes) if first else ""
