"""Excel import/export of needs: all or nothing, bad rows listed with their column.

Imported needs are drafts; the status column is exported for reading and ignored on import.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from xiezuo.core.excel import ChoiceWidget, FlexibleDateWidget, ScopedResource, TextWidget
from xiezuo.needs.choices import NeedStatus
from xiezuo.needs.models import Need
from xiezuo.people.resources import OrganisationNameWidget
from xiezuo.reference.models import Domain, Mode, TitleLevel
from xiezuo.reference.selectors import find_specialty


class NeedResource(ScopedResource):
    export_related = ("organisation", "specialty")
    organisation = fields.Field(attribute="organisation")
    domain = fields.Field(attribute="domain", widget=ChoiceWidget(Domain))
    specialty = fields.Field(attribute="specialty_text", widget=TextWidget())
    slots = fields.Field(attribute="slots", widget=widgets.IntegerWidget())
    min_title_level = fields.Field(attribute="min_title_level", widget=ChoiceWidget(TitleLevel))
    mode = fields.Field(attribute="mode", widget=ChoiceWidget(Mode))
    start = fields.Field(attribute="start", widget=FlexibleDateWidget())
    end = fields.Field(attribute="end", widget=FlexibleDateWidget())
    min_days = fields.Field(attribute="min_days", widget=widgets.IntegerWidget())
    priority = fields.Field(attribute="priority", widget=widgets.IntegerWidget())
    problem = fields.Field(attribute="problem", widget=TextWidget())
    status = fields.Field(column_name="status", widget=ChoiceWidget(NeedStatus))

    column_labels = {
        "organisation": gettext_lazy("Organisation"),
        "domain": gettext_lazy("Domain"),
        "specialty": gettext_lazy("Specialty"),
        "slots": gettext_lazy("Number of people"),
        "min_title_level": gettext_lazy("Minimum title level"),
        "mode": gettext_lazy("Mode"),
        "start": gettext_lazy("From"),
        "end": gettext_lazy("Until"),
        "min_days": gettext_lazy("Minimum days"),
        "priority": gettext_lazy("Priority"),
        "problem": gettext_lazy("Problem to solve"),
        "status": gettext_lazy("Status"),
    }
    required_columns = ("organisation", "domain", "specialty", "start", "end")

    class Meta:
        model = Need
        fields = ("organisation", "domain", "specialty", "slots", "min_title_level", "mode",
                  "start", "end", "min_days", "priority", "problem", "status")
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["organisation"].widget = OrganisationNameWidget(self)

    def get_instance(self, instance_loader, row):
        return None  # every row is a new need

    def get_import_fields(self):
        return [f for f in super().get_import_fields()
                if f.column_name != self.fields["status"].column_name]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, default in (("slots", 1), ("min_days", 0), ("priority", 3),
                              ("min_title_level", TitleLevel.INTERMEDIATE),
                              ("mode", Mode.LONG_POSTING)):
            if getattr(instance, name) in (None, ""):
                setattr(instance, name, default)
        if instance.specialty_text:
            found = find_specialty(instance.specialty_text, domain=instance.domain or None)
            if found:
                instance.specialty, instance.specialty_text = found, ""
        instance.status = NeedStatus.DRAFT
        if errors:
            raise ValidationError(errors)

    def dehydrate_specialty(self, need):
        return need.specialty_label

    def dehydrate_status(self, need):
        return need.get_status_display()
