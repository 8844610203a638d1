"""Excel import/export of organisations."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from xiezuo.core.excel import ChoiceWidget, ScopedResource, TextWidget
from xiezuo.core.lookups import resolve
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.orgs.models import HospitalGrade, Organisation, OrgKind
from xiezuo.reference.models import SchoolStage
from xiezuo.regions.widgets import RegionWidget


class ParentWidget(widgets.Widget):
    """The parent organisation by name (or “name / region”), among those the importer may see."""

    def __init__(self, resource, **kwargs):
        self.resource = resource
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return resolve(ORGANISATION, self.resource.actor, value, field="parent")
        except ValidationError as exc:
            raise ValueError("; ".join(exc.messages)) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OrganisationResource(ScopedResource):
    export_related = ("region", "parent__region")
    name = fields.Field(attribute="name", widget=TextWidget())
    kind = fields.Field(attribute="kind", widget=ChoiceWidget(OrgKind))
    region = fields.Field(attribute="region", widget=RegionWidget())
    parent = fields.Field(attribute="parent")
    hospital_grade = fields.Field(attribute="hospital_grade", widget=ChoiceWidget(HospitalGrade))
    school_stage = fields.Field(attribute="school_stage", widget=ChoiceWidget(SchoolStage))
    note = fields.Field(attribute="note", widget=TextWidget())

    column_labels = {
        "name": _("Name"),
        "kind": _("Kind"),
        "region": _("Region"),
        "parent": _("Parent organisation"),
        "hospital_grade": _("Hospital grade"),
        "school_stage": _("School stage"),
        "note": _("Note"),
    }
    required_columns = ("name", "kind", "region")

    class Meta:
        model = Organisation
        fields = ("name", "kind", "region", "parent", "hospital_grade", "school_stage", "note")
        import_id_fields = ("name", "region")
        clean_model_instances = True
        skip_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["parent"].widget = ParentWidget(self)
