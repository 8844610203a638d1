"""List filters of offers and of the places to name."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xiezuo.core.filters import ReferenceFilter, RegionFilter
from xiezuo.offers.choices import OfferStatus, PlacementState
from xiezuo.offers.models import Offer, Placement
from xiezuo.reference.models import Domain, Mode, TitleLevel


class OfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))
    mode = django_filters.ChoiceFilter(choices=Mode.choices, method="by_mode", label=_("Mode"))
    min_title_level = django_filters.ChoiceFilter(choices=TitleLevel.choices,
                                                  label=_("Minimum title level"))
    status = django_filters.ChoiceFilter(choices=OfferStatus.choices, label=_("Status"))
    region = RegionFilter("region__code")
    organisation = ReferenceFilter("orgs.organisation", "organisation", label=_("Organisation"))

    class Meta:
        model = Offer
        fields = ["q", "domain", "mode", "min_title_level", "status", "region", "organisation"]

    def by_mode(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # modes is a JSON list; a containment test works on SQLite and PostgreSQL alike
        return queryset.filter(modes__icontains=f'"{value}"') if value else queryset

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(specialty__name__icontains=value) | Q(specialty_text__icontains=value)
            | Q(organisation__name__icontains=value) | Q(region__name__icontains=value)
            | Q(note__icontains=value))


class PlacementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=PlacementState.choices, label=_("State"))
    region = RegionFilter("offer__region__code", "need__organisation__region__code")

    class Meta:
        model = Placement
        fields = ["q", "state", "region"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(offer__organisation__name__icontains=value) | Q(offer__region__name__icontains=value)
            | Q(need__organisation__name__icontains=value)
            | Q(need__specialty__name__icontains=value) | Q(need__specialty_text__icontains=value)
            | Q(person__name__icontains=value))
