import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.filters import ReferenceFilter, RegionFilter
from xiezuo.people.models import Person
from xiezuo.reference.models import Domain, TitleLevel


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))
    title_level = django_filters.ChoiceFilter(
        choices=TitleLevel.choices, method="min_level", label=_("Title level at least")
    )
    region = RegionFilter("organisation__region__code")
    organisation = ReferenceFilter("orgs.organisation", "organisation", label=_("Organisation"))

    class Meta:
        model = Person
        fields = ["q", "domain", "title_level", "region", "organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(specialty__name__icontains=value)
            | Q(specialty_text__icontains=value)
            | Q(organisation__name__icontains=value)
        )

    def min_level(self, queryset, name, value):
        return queryset.filter(title_level__gte=int(value))
