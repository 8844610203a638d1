import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.filters import ReferenceFilter, RegionFilter
from xiezuo.needs.approvals import rounds_waiting_for, waiting_for
from xiezuo.needs.choices import NeedStatus, RoundStatus
from xiezuo.needs.models import Need, Round
from xiezuo.needs.selectors import past_start_unfilled
from xiezuo.reference.models import Domain, Mode

PAST_START = "past_start"  # the `timing` filter's one choice
MINE = "mine"  # the `approval` filter's one choice: waiting for my approval


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))
    mode = django_filters.ChoiceFilter(choices=Mode.choices, label=_("Mode"))
    status = django_filters.ChoiceFilter(choices=NeedStatus.choices, label=_("Status"))
    region = RegionFilter("organisation__region__code")
    organisation = ReferenceFilter("orgs.organisation", "organisation", label=_("Organisation"))
    timing = django_filters.ChoiceFilter(
        choices=[(PAST_START, _("Past their start, not filled"))], method="by_timing",
        label=_("Timing"))
    approval = django_filters.ChoiceFilter(
        choices=[(MINE, _("Waiting for my approval"))], method="by_approval", label=_("Approval"))

    class Meta:
        model = Need
        fields = ["q", "domain", "mode", "status", "region", "organisation", "timing", "approval"]

    def by_approval(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return waiting_for(user, queryset) if value == MINE and user is not None else queryset

    def by_timing(self, queryset, name, value):
        return past_start_unfilled(queryset) if value == PAST_START else queryset

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(specialty__name__icontains=value) | Q(specialty_text__icontains=value)
            | Q(organisation__name__icontains=value) | Q(problem__icontains=value))


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))
    approval = django_filters.ChoiceFilter(
        choices=[(MINE, _("Waiting for my side's approval"))], method="by_approval",
        label=_("Approval"))

    class Meta:
        model = Round
        fields = ["q", "status", "approval"]

    def by_approval(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return rounds_waiting_for(user, queryset) if value == MINE and user is not None else queryset
