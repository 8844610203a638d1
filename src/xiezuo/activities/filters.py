import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.activities.models import (
    Activity,
    ActivityKind,
    Event,
    Trainee,
    TrainingCategory,
    TrainingClass,
    TrainingMode,
)
from xiezuo.core.filters import ReferenceFilter, RegionFilter
from xiezuo.reference.models import Domain


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    host_region = RegionFilter("host_region__code")
    year = django_filters.NumberFilter(field_name="start__year", label=_("Year"), min_value=1900,
                                      max_value=2200)

    class Meta:
        model = Event
        fields = ["q", "host_region", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(place__icontains=value)
                               | Q(description__icontains=value))


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"),
                                          widget=django_filters.widgets.forms.DateInput(
                                              attrs={"type": "date"}))
    date_until = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"),
                                           widget=django_filters.widgets.forms.DateInput(
                                               attrs={"type": "date"}))
    pairing = ReferenceFilter("regions.pairing", "pairing", label=_("Pairing"))
    region = RegionFilter("host__region__code", label=_("Host region"))
    host = ReferenceFilter("orgs.organisation.any", "host", label=_("Host"))
    event = ReferenceFilter("activities.event", "event", label=_("Event"))

    class Meta:
        model = Activity
        fields = ["q", "kind", "domain", "date_from", "date_until", "pairing", "region", "host",
                  "event"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value)
                               | Q(host__name__icontains=value) | Q(description__icontains=value))


class TrainingClassFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ChoiceFilter(choices=TrainingCategory.choices, label=_("Category"))
    mode = django_filters.ChoiceFilter(choices=TrainingMode.choices, label=_("Training mode"))
    year = django_filters.NumberFilter(field_name="start__year", label=_("Year"), min_value=1900,
                                      max_value=2200)
    pairing = ReferenceFilter("regions.pairing", "pairing", label=_("Pairing"))
    organiser = ReferenceFilter("orgs.organisation.any", "organiser", label=_("Organiser"))
    trainee_region = RegionFilter("trainee_region__code", label=_("Trainees from"))

    class Meta:
        model = TrainingClass
        fields = ["q", "category", "mode", "year", "pairing", "organiser", "trainee_region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(place__icontains=value)
                               | Q(organiser__name__icontains=value))


class TraineeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    training_class = django_filters.NumberFilter(field_name="training_class_id",
                                                 label=_("Training class (number)"),
                                                 min_value=1, max_value=2**62)

    class Meta:
        model = Trainee
        fields = ["q", "training_class"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(organisation_name__icontains=value)
                               | Q(training_class__name__icontains=value))
