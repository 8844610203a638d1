"""List filters of the cooperation pages (the exports use the same ones)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.cooperation.models import (
    Agreement,
    AgreementKind,
    ConsumptionAssistance,
    JobFairKind,
    LabourCooperation,
    Project,
    ProjectCategory,
    ProjectStatus,
)
from xiezuo.core.filters import ReferenceFilter, RegionFilter


class CooperationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    pairing = ReferenceFilter("regions.pairing", "pairing", label=_("Pairing"))
    region = RegionFilter("pairing__east_region__code", "pairing__west_region__code")
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class AgreementFilter(CooperationFilter):
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(method="in_force", label=_("Year"))
    search_fields = ("title", "reference", "note", "east_party__name", "west_party__name")

    class Meta:
        model = Agreement
        fields = ["q", "pairing", "kind", "year", "region"]

    def in_force(self, queryset, name, value):
        return queryset.filter(start__year__lte=value, end__year__gte=value)


class ProjectFilter(CooperationFilter):
    year = django_filters.NumberFilter(field_name="year", label=_("Plan year"))
    category = django_filters.ChoiceFilter(choices=ProjectCategory.choices, label=_("Category"))
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))
    search_fields = ("name", "organisation__name", "note")

    class Meta:
        model = Project
        fields = ["q", "pairing", "year", "category", "status", "region"]


class LabourFilter(CooperationFilter):
    year = django_filters.NumberFilter(field_name="date__year", label=_("Year"))
    kind = django_filters.ChoiceFilter(choices=JobFairKind.choices, label=_("Kind"))
    search_fields = ("title", "note")

    class Meta:
        model = LabourCooperation
        fields = ["q", "pairing", "year", "kind", "region"]


class ConsumptionFilter(CooperationFilter):
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    search_fields = ("title", "note")

    class Meta:
        model = ConsumptionAssistance
        fields = ["q", "pairing", "year", "region"]
