import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.filters import ReferenceFilter
from xiezuo.reports.models import FactKind, FactRecord, Indicator, ReportDocument


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = ReportDocument
        fields = ["status", "script"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(original_name__icontains=value))


class FactRecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    indicator = django_filters.ChoiceFilter(choices=Indicator.choices, label=_("Indicator"))
    kind = django_filters.ChoiceFilter(choices=FactKind.choices, label=_("Kind"))
    pairing = ReferenceFilter("regions.pairing", "pairing", label=_("Pairing"))
    organisation = ReferenceFilter("orgs.organisation.any", "organisation",
                                   label=_("Organisation"))
    period_from = django_filters.DateFilter(field_name="period_end", lookup_expr="gte",
                                            label=_("Period from"))
    period_to = django_filters.DateFilter(field_name="period_start", lookup_expr="lte",
                                          label=_("Period to"))

    class Meta:
        model = FactRecord
        fields = ["q", "indicator", "kind", "pairing", "organisation", "period_from", "period_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(subject__icontains=value) | Q(document__title__icontains=value)
                               | Q(organisation__name__icontains=value))
