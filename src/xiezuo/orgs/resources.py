"""Excel import/export of organisations."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from xiezuo.core.excel import ChoiceWidget, ScopedResource, TextWidget
from xiezuo.orgs.models import HospitalGrade, Organisation, OrgKind
from xiezuo.reference.models import SchoolStage
from xiezuo.regions.widgets import RegionWidget


class ParentWidget(widgets.Widget):
    """The parent organisation by name, among those the importer may see."""

    def __init__(self, resource, **kwargs):
        self.resource = resource
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        from xiezuo.core.scoping import scoped

        if value in (None, ""):
            return None
        matches = list(
            scoped(Organisation, self.resource.actor).filter(name=str(value).strip())[:2]
        )
        if not matches:
            raise ValueError(
                _("No organisation named “%(name)s” is known to you.") % {"name": value}
            )
        if len(matches) > 1:
            raise ValueError(_("Several organisations are named “%(name)s”.") % {"name": value})
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OrganisationResource(ScopedResource):
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
