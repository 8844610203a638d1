"""List tables of offers and of the places to name."""

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.offers.models import Offer, Placement


class OfferTable(tables.Table):
    specialty = tables.Column(empty_values=(), verbose_name=_("Specialty"),
                              linkify=lambda record: record.get_absolute_url(),
                              order_by=("specialty__name", "specialty_text"))
    offerer = tables.Column(empty_values=(), verbose_name=_("Offered by"),
                            order_by=("organisation__name", "region__name"))
    count = tables.Column(empty_values=(), verbose_name=_("Matched / offered"),
                          order_by=("count",))
    modes = tables.Column(empty_values=(), verbose_name=_("Modes"), orderable=False)
    period = tables.Column(empty_values=(), verbose_name=_("Period of the offer"), order_by=("start",))

    class Meta:
        model = Offer
        fields = ("specialty", "offerer", "domain", "count", "min_title_level", "modes",
                  "period", "status")
        empty_text = _("No offers yet. Click “New offer” to state what your side can send.")

    def render_specialty(self, record: Offer) -> str:
        return record.specialty_label

    def render_offerer(self, record: Offer) -> str:
        return record.offerer_name

    def render_count(self, record: Offer) -> str:
        return f"{record.matched:,} / {record.count:,}"

    def render_modes(self, record: Offer) -> str:
        return "、".join(record.mode_labels())

    def render_period(self, record: Offer) -> str:
        return f"{record.start:%Y-%m-%d} – {record.end:%Y-%m-%d}"


class PlacementTable(tables.Table):
    need = tables.Column(empty_values=(), verbose_name=_("Need"),
                         linkify=lambda record: record.get_absolute_url(),
                         order_by=("need__organisation__name",))
    offer = tables.Column(empty_values=(), verbose_name=_("Offer"), order_by=("offer__start",))
    period = tables.Column(empty_values=(), verbose_name=_("Planned period"), order_by=("planned_start",))
    person = tables.Column(empty_values=(), verbose_name=_("Person"), order_by=("person__name",))

    class Meta:
        model = Placement
        fields = ("need", "offer", "period", "state", "person")
        empty_text = _("No places to name: they appear here when a matching round with your "
                       "offers is approved.")

    def render_need(self, record: Placement) -> str:
        need = record.need
        return f"{need.organisation.name} · {need.specialty_label}"

    def render_offer(self, record: Placement) -> str:
        return f"{record.offer.offerer_name} · {record.offer.specialty_label}"

    def render_period(self, record: Placement) -> str:
        return f"{record.planned_start:%Y-%m-%d} – {record.planned_end:%Y-%m-%d}"

    def render_person(self, record: Placement) -> Any:
        return record.person.name if record.person_id else "—"  # type: ignore[union-attr]
