import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.filters import ReferenceFilter, RegionFilter
from xiezuo.exchange.choices import (
    BaseKind,
    Direction,
    EngagementRole,
    PostingKind,
    PostingState,
)
from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting, Team
from xiezuo.reference.models import Domain


class PostingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=PostingState.choices, label=_("State"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))
    kind = django_filters.ChoiceFilter(choices=PostingKind.choices, label=_("Kind"))
    batch = django_filters.CharFilter(lookup_expr="icontains", label=_("Batch"))
    region = RegionFilter("host__region__code", label=_("Host region"))
    host = ReferenceFilter("orgs.organisation.any", "host", label=_("Host organisation"))
    person = ReferenceFilter("people.person", "person", label=_("Person"))

    class Meta:
        model = Posting
        fields = ["q", "state", "direction", "kind", "batch", "region", "host", "person"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(person__name__icontains=value)
            | Q(host__name__icontains=value)
            | Q(person__organisation__name__icontains=value)
            | Q(post__icontains=value)
            | Q(department__icontains=value)
        )


class TeamFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))
    region = RegionFilter("host__region__code", label=_("Host region"))
    host = ReferenceFilter("orgs.organisation.any", "host", label=_("Host organisation"))

    class Meta:
        model = Team
        fields = ["q", "domain", "region", "host"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(host__name__icontains=value))


class MentorshipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    region = RegionFilter("host__region__code", label=_("Host region"))
    mentor = ReferenceFilter("people.person", "mentor", label=_("Mentor"))

    class Meta:
        model = Mentorship
        fields = ["q", "region", "mentor"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(mentor__name__icontains=value)
            | Q(host__name__icontains=value)
            | Q(apprentices__name__icontains=value)
        ).distinct()


class EngagementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(choices=EngagementRole.choices, label=_("Role"))
    organisation = ReferenceFilter("orgs.organisation.any", "organisation",
                                   label=_("Engaging organisation"))

    class Meta:
        model = Engagement
        fields = ["q", "role", "organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(person__name__icontains=value) | Q(organisation__name__icontains=value)
        )


class BaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=BaseKind.choices, label=_("Kind"))
    region = RegionFilter("host__region__code", label=_("Host region"))

    class Meta:
        model = Base
        fields = ["q", "kind", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(host__name__icontains=value))
