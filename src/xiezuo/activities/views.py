"""Pages of events, activities and training classes: lists, details, forms, Excel."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext, gettext_lazy

from xiezuo.activities import selectors, services
from xiezuo.activities.filters import (
    ActivityFilter,
    EventFilter,
    TraineeFilter,
    TrainingClassFilter,
)
from xiezuo.activities.forms import (
    ActivityEditForm,
    ActivityForm,
    EventEditForm,
    EventForm,
    MetricFormSet,
    TraineeEditForm,
    TraineeForm,
    TrainingClassEditForm,
    TrainingClassForm,
)
from xiezuo.activities.models import Activity, Event, Trainee, TrainingClass
from xiezuo.activities.resources import (
    ActivityResource,
    EventResource,
    TraineeResource,
    TrainingClassResource,
    number_text,
)
from xiezuo.activities.tables import ActivityTable, EventTable, TrainingClassTable
from xiezuo.core.form_views import ScopedChildFormView, ScopedDeleteView, ScopedFormView
from xiezuo.core.forms import RowSet
from xiezuo.core.scoping import scoped
from xiezuo.core.views import ScopedDetailView, ScopedListView, excel_views
from xiezuo.reference.models import Indicator

METRICS = RowSet(
    keyword="metrics", formset_class=MetricFormSet, fields=("indicator", "subject", "value", "unit"),
    context_name="formset", error_key=r"metrics\[(\d+)\]\.(\w+)", in_changes=False,
    summary=gettext_lazy("Correct the figures below."))


class RecordFormView(ScopedFormView):
    """Create or edit one record; a page opened from an event or a pairing starts there."""

    template_name = "activities/form.html"
    initial_params = ("event", "pairing")


# --- events ---------------------------------------------------------------------------


class EventListView(ScopedListView):
    model = Event
    table_class = EventTable
    filterset_class = EventFilter
    select_related = ("host_region", "sending_org")
    title = gettext_lazy("Events")
    actions_template = "activities/event_actions.html"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().annotate(n_activities=Count("activities"))


class EventDetailView(ScopedDetailView):
    model = Event
    select_related = ("host_region", "sending_org", "pairing__east_region", "pairing__west_region")
    template_name = "activities/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        labels = dict(Indicator.choices)
        context["totals"] = [dict(row, total=number_text(row["total"]))
                             for row in selectors.event_totals_rows(self.object, user=user)]
        context["figures"] = [dict(row, label=labels.get(row["indicator"]), total=number_text(row["total"]))
                              for row in selectors.metrics_by_subject(self.object, user=user)]
        context["activities"] = scoped(self.object.activities.all(), user).select_related(
            "host").prefetch_related("metrics")
        # Every activity of the event, seen or not: while any is left it cannot be deleted.
        context["activity_count"] = self.object.activities.count()
        return context


class EventFormView(RecordFormView):
    model = Event
    form_class = EventForm
    edit_form_class = EventEditForm
    create = services.create_event
    update = services.update_event
    title = gettext_lazy("New event")
    edit_title = gettext_lazy("Edit event")
    saved_message = gettext_lazy("Event saved.")


# --- activities -----------------------------------------------------------------------


class ActivityListView(ScopedListView):
    model = Activity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    select_related = ("host", "sending_org", "event")
    title = gettext_lazy("Activities")
    actions_template = "activities/activity_actions.html"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("metrics")


class ActivityDetailView(ScopedDetailView):
    model = Activity
    select_related = ("host__region", "sending_org", "event", "pairing__east_region",
                      "pairing__west_region")
    template_name = "activities/activity_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["metrics"] = [
            {"label": m.get_indicator_display(), "subject": m.subject, "value": number_text(m.value),
             "unit": m.unit} for m in self.object.metrics.all()]
        context["people"] = scoped(self.object.people.all(), self.request.user).select_related(
            "organisation")
        return context


class ActivityFormView(RecordFormView):
    model = Activity
    form_class = ActivityForm
    edit_form_class = ActivityEditForm
    create = services.create_activity
    update = services.update_activity
    rowsets = (METRICS,)
    title = gettext_lazy("New activity")
    edit_title = gettext_lazy("Edit activity")
    saved_message = gettext_lazy("Activity saved.")


# --- deleting an event or an activity (h6) --------------------------------------------


class EventDeleteView(ScopedDeleteView):
    model = Event
    delete = services.delete_event
    list_url = "activities:event_list"


class ActivityDeleteView(ScopedDeleteView):
    model = Activity
    delete = services.delete_activity
    list_url = "activities:activity_list"


# --- training classes -----------------------------------------------------------------


class TrainingClassListView(ScopedListView):
    model = TrainingClass
    table_class = TrainingClassTable
    filterset_class = TrainingClassFilter
    select_related = ("organiser",)
    title = gettext_lazy("Training classes")
    actions_template = "activities/training_actions.html"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.with_counts(super().get_queryset())


class TrainingClassDetailView(ScopedDetailView):
    model = TrainingClass
    select_related = ("organiser", "trainee_region", "pairing__east_region", "pairing__west_region")
    template_name = "activities/training_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        classes = self.visible(TrainingClass).filter(pk=self.object.pk)
        counts = selectors.training_counts(classes)
        rate = selectors.completion_rate(counts)
        context["counts"] = counts
        context["rate"] = None if rate is None else f"{rate:.0%}"
        context["trainees"] = scoped(self.object.trainees.all(), self.request.user).select_related(
            "person", "organisation").order_by("name", "pk")
        if context.get("can_change") and "trainee_form" not in context:
            context["trainee_form"] = TraineeForm(user=self.request.user, prefix="trainee")
        return context


class TrainingClassFormView(RecordFormView):
    model = TrainingClass
    form_class = TrainingClassForm
    edit_form_class = TrainingClassEditForm
    create = services.create_training_class
    update = services.update_training_class
    title = gettext_lazy("New training class")
    edit_title = gettext_lazy("Edit training class")
    saved_message = gettext_lazy("Training class saved.")


# --- trainees -------------------------------------------------------------------------


class TraineeAddView(ScopedChildFormView, TrainingClassDetailView):
    """A trainee added from the class's page; on an error the page is shown again (422)
    with the form open."""

    form_class = TraineeForm
    prefix = "trainee"
    add = services.create_trainee
    parent_keyword = "training_class"

    def success_url(self, parent: Any) -> str:
        return f"{parent.get_absolute_url()}#trainees"

    def success_message(self, child: Any) -> str:
        return gettext("%(name)s was added to the class.") % {"name": child.name}


class TraineeFormView(ScopedFormView):
    """A trainee's edit page (attendance, completion, who they are); saved, it goes back to
    the class's page."""

    model = Trainee
    form_class = TraineeEditForm
    update = services.update_trainee
    template_name = "activities/trainee_form.html"
    edit_title = gettext_lazy("Edit trainee: %(record)s")
    saved_message = gettext_lazy("Trainee saved.")


class TraineeDeleteView(ScopedDeleteView):
    """Remove a trainee from their class (and with it their attendance and completion)."""

    model = Trainee
    delete = services.delete_trainee
    select_related = ("training_class",)

    def success_url(self, record: Any) -> str:
        return f"{record.training_class.get_absolute_url()}#trainees"

    def message(self, record: Any) -> str:
        return gettext("%(name)s was removed from the class.") % {"name": record.name}


# --- Excel ----------------------------------------------------------------------------

event_excel = excel_views(key="event", resource=EventResource, filterset=EventFilter,
                          list_url="activities:event_list", title=gettext_lazy("Import events"))
activity_excel = excel_views(key="activity", resource=ActivityResource, filterset=ActivityFilter,
                             list_url="activities:activity_list",
                             title=gettext_lazy("Import activities"))
training_excel = excel_views(key="training", resource=TrainingClassResource,
                             filterset=TrainingClassFilter, list_url="activities:training_list",
                             title=gettext_lazy("Import training classes"))
trainee_excel = excel_views(key="trainee", resource=TraineeResource, filterset=TraineeFilter,
                            list_url="activities:training_list",
                            title=gettext_lazy("Import trainees"))
