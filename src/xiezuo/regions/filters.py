import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.filters import RegionFilter as RegionNameFilter
from xiezuo.regions.models import Pairing, PairingLevel, Region, RegionLevel, Role


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("Level"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = Region
        fields = ["q", "level", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(full_name__icontains=value) | Q(code__startswith=value)
        )


class PairingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=PairingLevel.choices, label=_("Level"))
    active_on = django_filters.DateFilter(method="active", label=_("Active on"))
    region = RegionNameFilter("east_region__code", "west_region__code")

    class Meta:
        model = Pairing
        fields = ["q", "level", "active_on", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(east_region__full_name__icontains=value)
            | Q(west_region__full_name__icontains=value)
            | Q(east_org__name__icontains=value)
            | Q(west_org__name__icontains=value)
        )

    def active(self, queryset, name, value):
        return queryset.active_on(value)
