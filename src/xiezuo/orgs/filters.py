import django_filters
from django.utils.translation import gettext_lazy as _

from xiezuo.core.filters import ReferenceFilter, RegionFilter
from xiezuo.orgs.models import Organisation, OrgKind


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, label=_("Kind"))
    region = RegionFilter("region__code")
    parent = ReferenceFilter("orgs.organisation", "parent", label=_("Parent organisation"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region", "parent"]
