import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.cooperation.models import Agreement, ConsumptionAssistance, LabourCooperation, Project
from xiezuo.core.tables import MoneyColumn
from xiezuo.regions.lookups import pairing_label


class PairingColumn(tables.Column):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("Pairing"))
        kwargs.setdefault("order_by", ("pairing__east_region__code", "pairing__west_region__code"))
        super().__init__(**kwargs)

    def render(self, value):
        return pairing_label(value)


class AgreementTable(tables.Table):
    title = tables.Column(linkify=True)
    pairing = PairingColumn()
    period = tables.Column(empty_values=(), verbose_name=_("Period"), order_by=("start",))

    class Meta:
        model = Agreement
        fields = ("title", "kind", "pairing", "east_party", "west_party", "signed_on", "period")

    def render_period(self, record):
        return f"{record.start} – {record.end}"


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True)
    pairing = PairingColumn()
    funds = MoneyColumn(verbose_name=_("Funds"))

    class Meta:
        model = Project
        fields = ("name", "category", "pairing", "organisation", "year", "funds", "status")


class LabourTable(tables.Table):
    title = tables.Column(linkify=True)
    pairing = PairingColumn()

    class Meta:
        model = LabourCooperation
        fields = ("title", "kind", "pairing", "date", "positions_offered", "people_hired",
                  "employed_locally", "employed_in_east")


class ConsumptionTable(tables.Table):
    title = tables.Column(linkify=True)
    pairing = PairingColumn()
    sales = MoneyColumn(verbose_name=_("Sales"))

    class Meta:
        model = ConsumptionAssistance
        fields = ("title", "pairing", "year", "companies_registered", "cooperatives_registered", "sales")
