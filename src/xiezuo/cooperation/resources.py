"""Excel import/export of agreements, agreement targets, projects, labour cooperation and
consumption assistance: all or nothing, bad rows listed with their column.

Every sheet has an ID column: empty for a new record, the record's id to change it (what
is exported can be imported again). Pairings are given by id or as “东部—西部”
(烟台市—巫山县, 烟台山医院—巫山县中医院); organisations by name or “name / region”.
Targets are keyed by agreement (id or title), year and measure: a row for an existing
target changes it.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from xiezuo.cooperation import services
from xiezuo.cooperation.models import (
    Agreement,
    AgreementKind,
    AgreementTarget,
    ConsumptionAssistance,
    JobFairKind,
    LabourCooperation,
    Project,
    ProjectCategory,
    ProjectStatus,
)
from xiezuo.core.excel import ChoiceWidget, FlexibleDateWidget, ScopedResource, TextWidget
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import scoped
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.reference.models import Measure
from xiezuo.regions.lookups import PAIRING, pairing_label

ID_LABEL = gettext_lazy("ID")
PAIRING_LABEL = gettext_lazy("Pairing")
NOTE_LABEL = gettext_lazy("Note")


def _message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


def _number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(str.maketrans("０１２３４５６７８９", "0123456789")).strip()


class NumberWidget(widgets.Widget):
    """A whole number or an amount (decimal), full-width digits and thousands separators allowed."""

    def __init__(self, *, whole: bool = True, **kwargs):
        self.whole = whole
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = _number(value).replace(",", "").replace("，", "")
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        if self.whole:
            if number != number.to_integral_value():
                raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
            return int(number)
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return int(value) if self.whole else float(value)


def _money():
    return NumberWidget(whole=False)


def _count():
    return NumberWidget()


class PairingWidget(widgets.Widget):
    """A pairing the importer may see, by id or “东部—西部”."""

    def __init__(self, resource, **kwargs):
        self.resource = resource
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return resolve(PAIRING, self.resource.actor, _number(value), field="pairing")
        except ValidationError as exc:
            raise ValueError(_message(exc)) from None

    def render(self, value, obj=None, **kwargs):
        return pairing_label(value) if value else ""


class OrganisationWidget(widgets.Widget):
    """An organisation by id, name or “name / region” (either side of a pairing)."""

    def __init__(self, resource, **kwargs):
        self.resource = resource
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return resolve(ANY_ORGANISATION, self.resource.actor, _number(value),
                           field="organisation")
        except ValidationError as exc:
            raise ValueError(_message(exc)) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class AgreementWidget(widgets.Widget):
    """An agreement the importer may see, by id or by title."""

    def __init__(self, resource, **kwargs):
        self.resource = resource
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = _number(value)
        visible = scoped(Agreement, self.resource.actor)
        if text.isdigit() and len(text) < 19:
            found = list(visible.filter(pk=int(text))[:1]) or list(visible.filter(title=text)[:2])
        else:
            found = list(visible.filter(title=text)[:2])
        if not found:
            raise ValueError(_("No agreement “%(value)s” is known to you.") % {"value": text})
        if len(found) > 1:
            raise ValueError(_("Several agreements are titled “%(value)s”; give the agreement's id.")
                             % {"value": text})
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.title if value else ""


class CooperationResource(ScopedResource):
    """Rows with an ID change that record (among those the importer may see); rows without
    one create a record. Empty number cells take the model's defaults."""

    id = fields.Field(column_name="id", widget=_count())
    defaults: dict = {}

    class Meta:
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if "pairing" in self.fields:
            self.fields["pairing"].widget = PairingWidget(self)
        for field in self.fields.values():
            if isinstance(field.widget, OrganisationWidget):
                field.widget = OrganisationWidget(self)

    def label_for(self, name: str) -> str:
        labels = {"id": ID_LABEL, "pairing": PAIRING_LABEL, "note": NOTE_LABEL, **self.column_labels}
        return str(labels.get(name, name))

    def dehydrate_id(self, obj):
        return obj.pk

    def _row_id(self, row):
        value = row.get(self.fields["id"].column_name)
        if value in (None, ""):
            return None
        text = _number(value)
        return int(text) if text.isdigit() and len(text) < 19 else text

    def get_instance(self, instance_loader, row):
        self._missing_id = None
        pk = self._row_id(row)
        if pk is None:
            return None
        found = scoped(self._meta.model, self.actor).filter(pk=pk).first() if isinstance(pk, int) else None
        if found is None:
            self._missing_id = pk
        return found

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        if getattr(self, "_missing_id", None) is not None:
            errors["id"] = [_("No %(model)s with the ID %(id)s is known to you; leave the ID empty "
                              "for a new record.") % {"model": self._meta.model._meta.verbose_name,
                                                      "id": self._missing_id}]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, default in self.defaults.items():
            if getattr(instance, name, None) in (None, ""):
                setattr(instance, name, default)
        if errors:
            raise ValidationError(errors)


class AgreementResource(CooperationResource):
    export_related = ("pairing__east_region", "pairing__west_region", "pairing__east_org", "pairing__west_org", "east_party__region", "west_party__region")
    title = fields.Field(attribute="title", widget=TextWidget())
    kind = fields.Field(attribute="kind", widget=ChoiceWidget(AgreementKind))
    pairing = fields.Field(attribute="pairing")
    east_party = fields.Field(attribute="east_party", widget=OrganisationWidget(None))
    west_party = fields.Field(attribute="west_party", widget=OrganisationWidget(None))
    signed_on = fields.Field(attribute="signed_on", widget=FlexibleDateWidget())
    start = fields.Field(attribute="start", widget=FlexibleDateWidget())
    end = fields.Field(attribute="end", widget=FlexibleDateWidget())
    reference = fields.Field(attribute="reference", widget=TextWidget())
    note = fields.Field(attribute="note", widget=TextWidget())

    column_labels = {
        "title": gettext_lazy("Title"),
        "kind": gettext_lazy("Kind"),
        "east_party": gettext_lazy("Eastern party"),
        "west_party": gettext_lazy("Western party"),
        "signed_on": gettext_lazy("Signed on"),
        "start": gettext_lazy("Start"),
        "end": gettext_lazy("End"),
        "reference": gettext_lazy("Document number"),
    }
    required_columns = ("title", "kind", "pairing", "start", "end")

    class Meta(CooperationResource.Meta):
        model = Agreement
        fields = ("id", "title", "kind", "pairing", "east_party", "west_party", "signed_on", "start",
                  "end", "reference", "note")


class AgreementTargetResource(CooperationResource):
    export_related = ("agreement__pairing__east_region", "agreement__pairing__west_region",
                      "agreement__pairing__east_org", "agreement__pairing__west_org")
    agreement = fields.Field(attribute="agreement")
    year = fields.Field(attribute="year", widget=_count())
    measure = fields.Field(attribute="measure", widget=ChoiceWidget(Measure))
    target = fields.Field(attribute="target", widget=_money())

    column_labels = {
        "agreement": gettext_lazy("Agreement"),
        "year": gettext_lazy("Year"),
        "measure": gettext_lazy("Measure"),
        "target": gettext_lazy("Target"),
    }
    required_columns = ("agreement", "year", "measure", "target")

    class Meta(CooperationResource.Meta):
        model = AgreementTarget
        fields = ("id", "agreement", "year", "measure", "target")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["agreement"].widget = AgreementWidget(self)

    def do_instance_save(self, instance, is_create):
        # A target is part of its agreement: the agreement's version grows (issue 11).
        before = None if is_create else AgreementTarget.objects.filter(pk=instance.pk).values_list(
            "agreement_id", flat=True).first()
        super().do_instance_save(instance, is_create)
        services.targets_written(actor=self.actor, agreement_ids=[before, instance.agreement_id])

    def get_instance(self, instance_loader, row):
        found = super().get_instance(instance_loader, row)
        if found is not None or self._missing_id is not None:
            return found
        # Without an ID: the target of this agreement, year and measure, if there is one.
        try:
            agreement = self.fields["agreement"].clean(row)
            year = self.fields["year"].clean(row)
            measure = self.fields["measure"].clean(row)
        except ValueError:
            return None  # reported against its column by import_instance
        if agreement is None or not year or not measure:
            return None
        return scoped(AgreementTarget, self.actor).filter(agreement=agreement, year=year,
                                                          measure=measure).first()


class ProjectResource(CooperationResource):
    export_related = ("pairing__east_region", "pairing__west_region", "pairing__east_org", "pairing__west_org", "organisation__region")
    name = fields.Field(attribute="name", widget=TextWidget())
    category = fields.Field(attribute="category", widget=ChoiceWidget(ProjectCategory))
    pairing = fields.Field(attribute="pairing")
    organisation = fields.Field(attribute="organisation", widget=OrganisationWidget(None))
    year = fields.Field(attribute="year", widget=_count())
    funds = fields.Field(attribute="funds", widget=_money())
    status = fields.Field(attribute="status", widget=ChoiceWidget(ProjectStatus))
    start = fields.Field(attribute="start", widget=FlexibleDateWidget())
    end = fields.Field(attribute="end", widget=FlexibleDateWidget())
    note = fields.Field(attribute="note", widget=TextWidget())

    column_labels = {
        "name": gettext_lazy("Name"),
        "category": gettext_lazy("Category"),
        "organisation": gettext_lazy("Implementing organisation"),
        "year": gettext_lazy("Plan year"),
        "funds": gettext_lazy("Funds (yuan)"),
        "status": gettext_lazy("Status"),
        "start": gettext_lazy("Start"),
        "end": gettext_lazy("End"),
    }
    required_columns = ("name", "category", "pairing", "year")
    defaults = {"funds": 0, "status": ProjectStatus.PLANNED}

    class Meta(CooperationResource.Meta):
        model = Project
        fields = ("id", "name", "category", "pairing", "organisation", "year", "funds", "status",
                  "start", "end", "note")


class LabourResource(CooperationResource):
    export_related = ("pairing__east_region", "pairing__west_region", "pairing__east_org", "pairing__west_org")
    title = fields.Field(attribute="title", widget=TextWidget())
    kind = fields.Field(attribute="kind", widget=ChoiceWidget(JobFairKind))
    pairing = fields.Field(attribute="pairing")
    date = fields.Field(attribute="date", widget=FlexibleDateWidget())
    positions_offered = fields.Field(attribute="positions_offered", widget=_count())
    people_hired = fields.Field(attribute="people_hired", widget=_count())
    employed_locally = fields.Field(attribute="employed_locally", widget=_count())
    employed_in_east = fields.Field(attribute="employed_in_east", widget=_count())
    note = fields.Field(attribute="note", widget=TextWidget())

    column_labels = {
        "title": gettext_lazy("Title"),
        "kind": gettext_lazy("Kind"),
        "date": gettext_lazy("Date"),
        "positions_offered": gettext_lazy("Positions offered"),
        "people_hired": gettext_lazy("People hired"),
        "employed_locally": gettext_lazy("Employed locally"),
        "employed_in_east": gettext_lazy("Employed in the eastern province"),
    }
    required_columns = ("title", "kind", "pairing", "date")
    defaults = {"positions_offered": 0, "people_hired": 0, "employed_locally": 0, "employed_in_east": 0}

    class Meta(CooperationResource.Meta):
        model = LabourCooperation
        fields = ("id", "title", "kind", "pairing", "date", "positions_offered", "people_hired",
                  "employed_locally", "employed_in_east", "note")


class ConsumptionResource(CooperationResource):
    export_related = ("pairing__east_region", "pairing__west_region", "pairing__east_org", "pairing__west_org")
    title = fields.Field(attribute="title", widget=TextWidget())
    pairing = fields.Field(attribute="pairing")
    year = fields.Field(attribute="year", widget=_count())
    companies_registered = fields.Field(attribute="companies_registered", widget=_count())
    cooperatives_registered = fields.Field(attribute="cooperatives_registered",
                                           widget=_count())
    sales = fields.Field(attribute="sales", widget=_money())
    note = fields.Field(attribute="note", widget=TextWidget())

    column_labels = {
        "title": gettext_lazy("Title"),
        "year": gettext_lazy("Year"),
        "companies_registered": gettext_lazy("Companies registered"),
        "cooperatives_registered": gettext_lazy("Co-operatives registered"),
        "sales": gettext_lazy("Sales (yuan)"),
    }
    required_columns = ("title", "pairing", "year")
    defaults = {"companies_registered": 0, "cooperatives_registered": 0, "sales": 0}

    class Meta(CooperationResource.Meta):
        model = ConsumptionAssistance
        fields = ("id", "title", "pairing", "year", "companies_registered", "cooperatives_registered",
                  "sales", "note")
