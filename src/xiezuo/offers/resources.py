"""Excel import/export of offers: all or nothing, bad rows listed with their column.

An offer names its organisation, or (organisation left empty) the offering city. Imported
offers are drafts; the status column is exported for reading and ignored on import. Modes
are written as their Chinese labels separated by 、 (commas are read too).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from xiezuo.core.excel import ChoiceWidget, FlexibleDateWidget, ScopedResource, TextWidget
from xiezuo.core.lookups import resolve
from xiezuo.offers.choices import OfferStatus
from xiezuo.offers.models import Offer
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.people.resources import ModesWidget
from xiezuo.reference.models import Domain, TitleLevel
from xiezuo.reference.selectors import find_specialty
from xiezuo.regions.lookups import REGION


class NamedWidget(widgets.Widget):
    """A reference by name, resolved through a lookup among what the actor may name; empty
    is allowed (an offer names its organisation or its city)."""

    def __init__(self, resource, lookup, field, **kwargs):
        self.resource, self.lookup, self.field = resource, lookup, field
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        if not name:
            return None
        cache = self.__dict__.setdefault("_cache", {})
        if name not in cache:
            try:
                cache[name] = resolve(self.lookup, self.resource.actor, name, field=self.field)
            except ValidationError as exc:
                cache[name] = "; ".join(exc.messages)  # the same answer for every row
        found = cache[name]
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OfferResource(ScopedResource):
    export_related = ("organisation", "region", "specialty")
    organisation = fields.Field(attribute="organisation")
    region = fields.Field(attribute="region")
    domain = fields.Field(attribute="domain", widget=ChoiceWidget(Domain))
    specialty = fields.Field(attribute="specialty_text", widget=TextWidget())
    count = fields.Field(attribute="count", widget=widgets.IntegerWidget())
    min_title_level = fields.Field(attribute="min_title_level", widget=ChoiceWidget(TitleLevel))
    start = fields.Field(attribute="start", widget=FlexibleDateWidget())
    end = fields.Field(attribute="end", widget=FlexibleDateWidget())
    modes = fields.Field(attribute="modes", widget=ModesWidget())
    note = fields.Field(attribute="note", widget=TextWidget())
    status = fields.Field(column_name="status", widget=ChoiceWidget(OfferStatus))

    column_labels = {
        "organisation": gettext_lazy("Offering organisation"),
        "region": gettext_lazy("Offering city"),
        "domain": gettext_lazy("Domain"),
        "specialty": gettext_lazy("Specialty"),
        "count": gettext_lazy("Number of people"),
        "min_title_level": gettext_lazy("Minimum title level"),
        "start": gettext_lazy("From"),
        "end": gettext_lazy("Until"),
        "modes": gettext_lazy("Modes"),
        "note": gettext_lazy("Note"),
        "status": gettext_lazy("Status"),
    }
    required_columns = ("domain", "specialty", "start", "end", "modes")

    class Meta:
        model = Offer
        fields = ("organisation", "region", "domain", "specialty", "count", "min_title_level",
                  "start", "end", "modes", "note", "status")
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["organisation"].widget = NamedWidget(self, ORGANISATION, "organisation")
        self.fields["region"].widget = NamedWidget(self, REGION, "region")

    def get_instance(self, instance_loader, row):
        return None  # every row is a new offer

    def get_import_fields(self):
        return [f for f in super().get_import_fields()
                if f.column_name != self.fields["status"].column_name]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, default in (("count", 1), ("min_title_level", TitleLevel.INTERMEDIATE)):
            if getattr(instance, name) in (None, ""):
                setattr(instance, name, default)
        if instance.organisation_id is not None:
            instance.region = instance.organisation.region  # an organisation's offer: its city
        elif instance.region_id is None and "organisation" not in errors and "region" not in errors:
            errors["organisation"] = [_("Give the offering organisation or city.")]
        if instance.specialty_text:
            found = find_specialty(instance.specialty_text, domain=instance.domain or None)
            if found:
                instance.specialty, instance.specialty_text = found, ""
        instance.status = OfferStatus.DRAFT
        instance.matched = 0
        if errors:
            raise ValidationError(errors)

    def dehydrate_specialty(self, offer):
        return offer.specialty_label

    def dehydrate_region(self, offer):
        # an organisation's offer takes its region from the organisation
        return "" if offer.organisation_id or not offer.region_id else offer.region.name

    def dehydrate_status(self, offer):
        return offer.get_status_display()
