"""Excel import/export of postings: all or nothing, bad rows listed with their column.

A person is found by ID number, or by name and organisation; the host by its name
(“name / region” when several organisations share it). Imported postings are planned;
the state column is exported for reading and ignored on import.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from xiezuo.core.excel import ChoiceWidget, FlexibleDateWidget, ScopedResource, TextWidget
from xiezuo.core.lookups import resolve
from xiezuo.exchange.choices import Direction, PostingKind, PostingState
from xiezuo.exchange.models import Posting
from xiezuo.exchange.rules import check_posting
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON


class PostingResource(ScopedResource):
    export_related = ("person__organisation", "host")
    person = fields.Field(column_name="person", widget=TextWidget())
    person_organisation = fields.Field(column_name="person_organisation", widget=TextWidget())
    id_number = fields.Field(column_name="id_number", widget=TextWidget())
    host = fields.Field(column_name="host", widget=TextWidget())
    direction = fields.Field(attribute="direction", widget=ChoiceWidget(Direction))
    kind = fields.Field(attribute="kind", widget=ChoiceWidget(PostingKind))
    batch = fields.Field(attribute="batch", widget=TextWidget())
    post = fields.Field(attribute="post", widget=TextWidget())
    department = fields.Field(attribute="department", widget=TextWidget())
    planned_start = fields.Field(attribute="planned_start", widget=FlexibleDateWidget())
    planned_end = fields.Field(attribute="planned_end", widget=FlexibleDateWidget())
    state = fields.Field(column_name="state", widget=ChoiceWidget(PostingState))
    note = fields.Field(attribute="note", widget=TextWidget())

    column_labels = {
        "person": gettext_lazy("Person name"),
        "person_organisation": gettext_lazy("Person's organisation"),
        "id_number": gettext_lazy("ID number"),
        "host": gettext_lazy("Host organisation"),
        "direction": gettext_lazy("Direction"),
        "kind": gettext_lazy("Kind"),
        "batch": gettext_lazy("Batch"),
        "post": gettext_lazy("Post held at the host"),
        "department": gettext_lazy("Department at the host"),
        "planned_start": gettext_lazy("Planned start"),
        "planned_end": gettext_lazy("Planned end"),
        "state": gettext_lazy("State"),
        "note": gettext_lazy("Note"),
    }
    required_columns = ("person", "host", "kind", "planned_start", "planned_end")

    class Meta:
        model = Posting
        fields = ("person", "person_organisation", "id_number", "host", "direction", "kind",
                  "batch", "post", "department", "planned_start", "planned_end", "state", "note")
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def get_instance(self, instance_loader, row):
        return None  # every row is a new posting; duplicates are caught as overlaps

    def get_import_fields(self):
        return [f for f in super().get_import_fields() if f.column_name != self.fields[
            "state"].column_name]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not instance.direction:
            instance.direction = Direction.EAST_TO_WEST
        text = {n: self._text(row, n)
                for n in ("person", "person_organisation", "id_number", "host")}
        ref = text["id_number"] or (
            f"{text['person']} / {text['person_organisation']}"
            if text["person_organisation"] else text["person"])
        for name, find in (
            ("person", lambda: resolve(PERSON, self.actor, ref, field="person")),
            ("host", lambda: resolve(ANY_ORGANISATION, self.actor, text["host"], field="host")),
        ):
            try:
                value = find()
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.message_dict.get(name, exc.messages))
                continue
            if value is None:
                errors.setdefault(name, []).append(_("This column is required."))
            else:
                setattr(instance, name, value)
        if not errors and instance.planned_start and instance.planned_end:
            report = check_posting(instance)
            for issue in report.errors:
                errors.setdefault(issue.field, []).append(issue.message)
        if errors:
            raise ValidationError(errors)

    def _text(self, row, name: str) -> str:
        try:
            return str(self.fields[name].clean(row) or "").strip()
        except KeyError:  # an optional column left out of the workbook
            return ""

    def dehydrate_person(self, posting):
        return posting.person.name

    def dehydrate_person_organisation(self, posting):
        return posting.person.organisation.name

    def dehydrate_id_number(self, posting):
        return ""  # personal data stays out of exports; import accepts it to find people

    def dehydrate_host(self, posting):
        return posting.host.name

    def dehydrate_state(self, posting):
        return posting.get_state_display()
