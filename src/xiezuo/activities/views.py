"""Pages of events, activities and training classes: lists, details, forms, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

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
    TrainingClassEditForm,
    TrainingClassForm,
    metrics_of,
)
from xiezuo.activities.models import Activity, Event, TrainingClass
from xiezuo.activities.resources import (
    ActivityResource,
    EventResource,
    TraineeResource,
    TrainingClassResource,
    number_text,
)
from xiezuo.activities.tables import ActivityTable, EventTable, TrainingClassTable
from xiezuo.core.errors import Conflict
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.core.views import (
    ExcelExportView,
    ExcelImportView,
    ExcelTemplateView,
    ScopedDetailView,
    ScopedListView,
)


def _apply_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error if target or field == "__all__" else f"{field}: {error}")


class RecordFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit (pk) one record through its services; errors stay on the form.

    Edit pages carry the version the user loaded (hidden field, `edit_form_class`); it goes
    to the service as `expected_version`, so a form opened before someone else's change is
    refused (409) with the user's input kept on the form and nothing stored — the nested
    rows (an activity's figures) included, as they are written after the version check.
    """

    model = None
    form_class = None
    edit_form_class = None
    template_name = "activities/form.html"
    title = ""
    saved_message = gettext_lazy("Saved.")

    def create(self, request, data):
        raise NotImplementedError

    def update(self, request, instance, data, version):
        raise NotImplementedError

    def extra(self, request, instance=None, data=None):
        return {}

    def form_for(self, instance):
        return self.edit_form_class if instance is not None else self.form_class

    def page(self, request, form, status=200, **extra):
        return render(request, self.template_name,
                      {"form": form, "title": self.title, **extra}, status=status)

    def get(self, request, pk=None):
        instance = get_for_change(self.model, request.user, pk=pk) if pk else None
        form_class = self.form_for(instance)
        initial = ({**form_class.initial_for(instance), "version": instance.version} if instance
                   else {k: v for k, v in request.GET.items() if k in ("event", "pairing")})
        return self.page(request, form_class(user=request.user, initial=initial),
                         **self.extra(request, instance))

    def post(self, request, pk=None):
        instance = get_for_change(self.model, request.user, pk=pk) if pk else None
        form = self.form_for(instance)(request.POST, user=request.user)
        extra = self.extra(request, instance, request.POST)
        valid = form.is_valid() and all(x.is_valid() for x in extra.values())
        if valid:
            try:
                data = form.to_fields()
                record = (self.update(request, instance, data, form.cleaned_data["version"], **extra)
                          if instance else self.create(request, data, **extra))
            except ValidationError as exc:
                self.place_errors(form, exc, extra)
            except Conflict as exc:
                return self.stale(request, form, instance, exc, extra)
            else:
                messages.success(request, self.saved_message)
                return redirect(record.get_absolute_url())
        return self.page(request, form, status=422, **extra)

    def stale(self, request, form, instance, exc, extra):
        """Someone changed the record since the form was opened: say so, keep the input."""
        if exc.field != "version" or instance is None:
            form.add_error(None, exc.message)
            return self.page(request, form, status=exc.status_code, **extra)
        now = self.model._default_manager.filter(pk=instance.pk).values_list(
            "version", flat=True).first()
        form.add_error(None, _(
            "This record (%(record)s) was changed by someone else after you opened it (you "
            "opened version %(yours)s, it is now version %(now)s). Nothing was saved; your input "
            "is kept below. Open the record again and make your change there.")
            % {"record": instance, "yours": form.cleaned_data["version"], "now": now})
        return self.page(request, form, status=exc.status_code, stale=True, record=instance,
                         **extra)

    def place_errors(self, form, exc, extra):
        _apply_errors(form, exc)


# --- events ---------------------------------------------------------------------------


class EventListView(ScopedListView):
    model = Event
    table_class = EventTable
    filterset_class = EventFilter
    select_related = ("host_region", "sending_org")
    title = gettext_lazy("Events")
    actions_template = "activities/event_actions.html"

    def get_queryset(self):
        return super().get_queryset().annotate(n_activities=Count("activities"))


class EventDetailView(ScopedDetailView):
    model = Event
    select_related = ("host_region", "sending_org", "pairing__east_region", "pairing__west_region")
    template_name = "activities/event_detail.html"

    def get_context_data(self, **kwargs):
        from xiezuo.reference.models import Indicator

        context = super().get_context_data(**kwargs)
        user = self.request.user
        labels = dict(Indicator.choices)
        context["totals"] = [dict(row, total=number_text(row["total"]))
                             for row in selectors.event_totals_rows(self.object, user=user)]
        context["figures"] = [dict(row, label=labels.get(row["indicator"]), total=number_text(row["total"]))
                              for row in selectors.metrics_by_subject(self.object, user=user)]
        context["activities"] = scoped(self.object.activities.all(), user).select_related(
            "host").prefetch_related("metrics")
        return context


class EventFormView(RecordFormView):
    model = Event
    form_class = EventForm
    edit_form_class = EventEditForm
    saved_message = gettext_lazy("Event saved.")

    def create(self, request, data):
        return services.create_event(actor=request.user, **data)

    def update(self, request, instance, data, version):
        return services.update_event(actor=request.user, instance=instance, changes=data,
                                     expected_version=version)


class EventCreateView(EventFormView):
    title = gettext_lazy("New event")


class EventEditView(EventFormView):
    title = gettext_lazy("Edit event")


# --- activities -----------------------------------------------------------------------


class ActivityListView(ScopedListView):
    model = Activity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    select_related = ("host", "sending_org", "event")
    title = gettext_lazy("Activities")
    actions_template = "activities/activity_actions.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("metrics")


class ActivityDetailView(ScopedDetailView):
    model = Activity
    select_related = ("host__region", "sending_org", "event", "pairing__east_region",
                      "pairing__west_region")
    template_name = "activities/activity_detail.html"

    def get_context_data(self, **kwargs):
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
    saved_message = gettext_lazy("Activity saved.")

    def extra(self, request, instance=None, data=None):
        initial = None
        if instance is not None and data is None:
            initial = [{"indicator": m.indicator, "subject": m.subject, "value": m.value,
                        "unit": m.unit} for m in instance.metrics.all()]
        return {"formset": MetricFormSet(data, prefix="metrics", initial=initial)}

    def create(self, request, data, formset):
        rows, _forms = metrics_of(formset)
        return services.create_activity(actor=request.user, metrics=rows, **data)

    def update(self, request, instance, data, version, formset):
        rows, _forms = metrics_of(formset)
        return services.update_activity(actor=request.user, instance=instance, changes=data,
                                        expected_version=version, metrics=rows)

    def place_errors(self, form, exc, extra):
        """Errors of a figure go on its row of the formset, the rest on the form."""
        import re

        if not hasattr(exc, "error_dict"):
            return _apply_errors(form, exc)
        _rows, origin = metrics_of(extra["formset"])
        rest = {}
        for key, errors in exc.message_dict.items():
            match = re.fullmatch(r"metrics\[(\d+)\]\.(\w+)", key)
            if match and int(match[1]) < len(origin):
                row_form, name = origin[int(match[1])], match[2]
                for error in errors:
                    row_form.add_error(name if name in row_form.fields else None, error)
            else:
                rest[key] = errors
        if rest:
            _apply_errors(form, ValidationError(rest))
        elif not form.errors:
            form.add_error(None, _("Correct the figures below."))


class ActivityCreateView(ActivityFormView):
    title = gettext_lazy("New activity")


class ActivityEditView(ActivityFormView):
    title = gettext_lazy("Edit activity")


# --- training classes -----------------------------------------------------------------


class TrainingClassListView(ScopedListView):
    model = TrainingClass
    table_class = TrainingClassTable
    filterset_class = TrainingClassFilter
    select_related = ("organiser",)
    title = gettext_lazy("Training classes")
    actions_template = "activities/training_actions.html"

    def get_queryset(self):
        return selectors.with_counts(super().get_queryset())


class TrainingClassDetailView(ScopedDetailView):
    model = TrainingClass
    select_related = ("organiser", "trainee_region", "pairing__east_region", "pairing__west_region")
    template_name = "activities/training_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        classes = self.visible(TrainingClass).filter(pk=self.object.pk)
        counts = selectors.training_counts(classes)
        rate = selectors.completion_rate(counts)
        context["counts"] = counts
        context["rate"] = None if rate is None else f"{rate:.0%}"
        context["trainees"] = scoped(self.object.trainees.all(), self.request.user).select_related(
            "person", "organisation").order_by("name", "pk")
        return context


class TrainingClassFormView(RecordFormView):
    model = TrainingClass
    form_class = TrainingClassForm
    edit_form_class = TrainingClassEditForm
    saved_message = gettext_lazy("Training class saved.")

    def create(self, request, data):
        return services.create_training_class(actor=request.user, **data)

    def update(self, request, instance, data, version):
        return services.update_training_class(actor=request.user, instance=instance, changes=data,
                                              expected_version=version)


class TrainingClassCreateView(TrainingClassFormView):
    title = gettext_lazy("New training class")


class TrainingClassEditView(TrainingClassFormView):
    title = gettext_lazy("Edit training class")


class OrgOptionsView(LoginRequiredMixin, View):
    """Organisation names for the datalist of the organisation inputs (htmx)."""

    def get(self, request):
        from xiezuo.orgs.models import Organisation

        text = ""
        for key in ("host", "sending_org", "organiser", "organisation", "q"):
            if request.GET.get(key):
                text = request.GET[key].split("/")[0].strip()
        orgs = Organisation.objects.filter(name__icontains=text).order_by("name")[:20] if text else []
        return HttpResponse(format_html_join("", '<option value="{}"></option>',
                                             ((o.name,) for o in orgs)))


# --- Excel ----------------------------------------------------------------------------


def excel_views(key, resource, filterset, list_url, title):
    export = type(f"{key}Export", (ExcelExportView,), {
        "resource_class": resource, "filterset_class": filterset, "filename": key})
    template = type(f"{key}Template", (ExcelTemplateView,), {
        "resource_class": resource, "filename": key})
    import_ = type(f"{key}Import", (ExcelImportView,), {
        "resource_class": resource, "title": title, "list_url": reverse_lazy(list_url),
        "template_url": reverse_lazy(f"activities:{key}_template")})
    return export, template, import_


EventExportView, EventTemplateView, EventImportView = excel_views(
    "event", EventResource, EventFilter, "activities:event_list", gettext_lazy("Import events"))
ActivityExportView, ActivityTemplateView, ActivityImportView = excel_views(
    "activity", ActivityResource, ActivityFilter, "activities:activity_list",
    gettext_lazy("Import activities"))
TrainingExportView, TrainingTemplateView, TrainingImportView = excel_views(
    "training", TrainingClassResource, TrainingClassFilter, "activities:training_list",
    gettext_lazy("Import training classes"))
TraineeExportView, TraineeTemplateView, TraineeImportView = excel_views(
    "trainee", TraineeResource, TraineeFilter, "activities:training_list",
    gettext_lazy("Import trainees"))
