import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.activities.models import Activity, Event, TrainingClass
from xiezuo.core.formatting import plain


class EventTable(tables.Table):
    name = tables.Column(linkify=True)
    host_region = tables.Column(accessor="host_region__full_name", verbose_name=_("host region"))
    n_activities = tables.Column(verbose_name=_("Activities"), orderable=True)

    class Meta:
        model = Event
        fields = ("name", "host_region", "sending_org", "start", "end", "place", "n_activities")


class ActivityTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Activity title"))
    figures = tables.Column(empty_values=(), verbose_name=_("Figures"), orderable=False)

    class Meta:
        model = Activity
        fields = ("date", "kind", "title", "domain", "host", "sending_org", "event", "figures")

    def render_figures(self, record):
        return "；".join(f"{m.get_indicator_display()} {plain(m.value)}{m.unit}"
                        + (f"（{m.subject}）" if m.subject else "")
                        for m in record.metrics.all()) or "—"


class TrainingClassTable(tables.Table):
    name = tables.Column(linkify=True)
    mode = tables.Column(verbose_name=_("Training mode"))
    n_enrolments = tables.Column(verbose_name=_("Enrolments"))
    n_person_times = tables.Column(verbose_name=_("Person-times (attended)"))
    n_completed = tables.Column(verbose_name=_("Completed (结业)"))

    class Meta:
        model = TrainingClass
        fields = ("name", "category", "mode", "organiser", "start", "end", "sessions",
                  "n_enrolments", "n_person_times", "n_completed")
