import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.needs.models import Need, Round


class NeedTable(tables.Table):
    specialty = tables.Column(empty_values=(), verbose_name=_("Specialty"),
                              linkify=lambda record: record.get_absolute_url(),
                              order_by=("specialty__name", "specialty_text"))
    organisation = tables.Column(verbose_name=_("Organisation"))
    period = tables.Column(empty_values=(), verbose_name=_("Period of the need"),
                           order_by=("start",))

    class Meta:
        model = Need
        fields = ("specialty", "organisation", "domain", "slots", "filled", "min_title_level",
                  "mode", "period", "priority", "status")

    def render_specialty(self, record):
        return record.specialty_label

    def render_period(self, record):
        return f"{record.start} – {record.end}"


class RoundTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Round
        fields = ("name", "scope_region", "status", "progress", "created_at", "finished_at")
