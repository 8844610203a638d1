"""Generic scoped list and detail views, the Excel views (`excel_views`), the options of a
typed-name input (`OptionsView`), imports and background jobs; every page reads through
`scoped`."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from xiezuo.core.errors import DomainError
from xiezuo.core.excel import (
    XLSX_MIME,
    ScopedResource,
    export_bytes,
    import_refusal,
    run_import,
    template_bytes,
)
from xiezuo.core.filters import ImportBatchFilter
from xiezuo.core.forms import ImportForm
from xiezuo.core.history import history_rows
from xiezuo.core.imports import revert_batch
from xiezuo.core.jobs import (
    FAILED_JOB_DAYS,
    background_rows,
    current_progress,
    fail_if_stalled,
    fail_stalled_jobs,
    is_stalled,
    is_waiting_long,
    recently_failed,
)
from xiezuo.core.models import ImportBatch, Job
from xiezuo.core.scoping import Action, can, may_change_model, scoped
from xiezuo.core.tables import CappedPaginator, ImportBatchTable
from xiezuo.core.tasks import start_export, start_import
from xiezuo.core.todos import shortcuts_for, todos_for
from xiezuo.core.types import Actor
from xiezuo.core.workbook_check import ImportFileError, inspect_workbook

if TYPE_CHECKING:  # django-stubs makes the generic views generic; at run time they are not
    _DetailView = DetailView[Any]
    _ImportFormView = FormView[ImportForm]
    _JobListView = ListView[Job]
else:
    _DetailView = DetailView
    _ImportFormView = FormView
    _JobListView = ListView


class ScopedListView(LoginRequiredMixin, SingleTableMixin, FilterView):  # type: ignore[misc]  # untyped libraries
    """A filterable, searchable, paginated table of the records the user may see."""

    template_name = "core/list.html"
    paginate_by = None  # the table paginates (counting once); the list view need not
    table_pagination = {"per_page": 25, "paginator_class": CappedPaginator}
    select_related: tuple[str, ...] = ()
    title: str | Promise = ""
    actions_template: str | None = None

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(self.model, self.request.user).select_related(*self.select_related)

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["core/list_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        context["actions_template"] = self.actions_template
        context["can_add"] = may_change_model(self.request.user, self.model)
        return context


class ScopedDetailView(LoginRequiredMixin, _DetailView):
    """A record's page; records outside the user's scope are not found (404)."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(self.model, self.request.user).select_related(*self.select_related)

    def masked_history_fields(self) -> frozenset[str]:
        """Fields whose old and new values the change history shows as ****."""
        return frozenset()

    def visible(self, model_or_queryset: type[Model] | QuerySet[Any]) -> QuerySet[Any]:
        return scoped(model_or_queryset, self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history"] = history_rows(self.object, actor=self.request.user,
                                         masked_fields=self.masked_history_fields())
        context["can_change"] = can(self.request.user, Action.CHANGE, self.object)
        return context


class HomeView(LoginRequiredMixin, TemplateView):
    """The home page: the to-dos waiting in the user's scope, each with its count and a
    link to its list, and the actions the user's role may take (`xiezuo.core.todos`; the
    apps contribute both from their `todos` modules)."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["todos"] = todos_for(user)
        context["shortcuts"] = shortcuts_for(user)
        return context


class ExcelExportView(LoginRequiredMixin, View):
    """The records the user may see (with the list's filters) as an .xlsx file."""

    resource_class: type[ScopedResource]
    filterset_class: type | None = None
    filename = "export"

    def get(self, request: HttpRequest) -> HttpResponseBase:
        resource = self.resource_class(actor=request.user)
        queryset = scoped(resource._meta.model, request.user)
        if self.filterset_class is not None:
            queryset = self.filterset_class(request.GET, queryset=queryset).qs
        job = self.start_job(request, queryset)
        if job is not None:
            return redirect(job.get_absolute_url())
        response = HttpResponse(export_bytes(resource, queryset), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.xlsx"'
        return response

    def start_job(self, request: HttpRequest, queryset: QuerySet[Any]) -> Job | None:
        """More records than XIEZUO_BACKGROUND_ROWS: a background job (or None)."""
        limit = background_rows()
        if not queryset[limit:limit + 1].exists():
            return None
        return start_export(
            actor=request.user, resource_class=self.resource_class,
            filterset_class=self.filterset_class, params=request.GET.urlencode(),
            filename=self.filename, total=queryset.count(),
        )


class ExcelTemplateView(LoginRequiredMixin, View):
    resource_class: type[ScopedResource]
    filename = "template"

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(
            template_bytes(self.resource_class(actor=request.user)), content_type=XLSX_MIME
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-template.xlsx"'
        return response


class ExcelImportView(LoginRequiredMixin, _ImportFormView):
    """Upload a workbook; it is imported completely or not at all."""

    resource_class: type[ScopedResource]
    template_name = "core/import.html"
    form_class = ImportForm
    title: str | Promise = ""
    list_url: str | Promise = ""
    template_url: str | Promise = ""

    def refusal(self) -> str | None:
        return import_refusal(self.request.user, self.resource_class._meta.model)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # A role that cannot change these records is refused before the upload is read.
        if request.method == "POST" and request.user.is_authenticated:
            refusal = self.refusal()
            if refusal:
                raise PermissionDenied(refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, list_url=self.list_url, template_url=self.template_url,
                       background_rows=background_rows(), refusal=self.refusal())
        return context

    def form_valid(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            facts = inspect_workbook(data)  # size, rows and cells, before anything is loaded
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        job = self.start_job(data, upload.name, facts.data_rows)
        if job is not None:
            return redirect(job.get_absolute_url())
        try:
            outcome = run_import(
                resource=self.resource_class(actor=self.request.user), data=data,
                file_name=upload.name,
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        if not outcome.applied:
            return self.render_to_response(self.get_context_data(form=form, errors=outcome.errors))
        messages.success(
            self.request,
            gettext("Imported: %(created)s new, %(updated)s updated.")
            % {"created": outcome.created, "updated": outcome.updated},
        )
        return redirect(str(self.list_url))

    def start_job(self, data: bytes, file_name: str, rows: int) -> Job | None:
        """More data rows than XIEZUO_BACKGROUND_ROWS: a background job (or None)."""
        if rows <= background_rows():
            return None
        return start_import(actor=self.request.user, resource_class=self.resource_class,
                            data=data, file_name=file_name, rows=rows,
                            list_url=str(self.list_url))


class ExcelViews(NamedTuple):
    """The three Excel pages of one kind of record, ready for `path()`."""

    export: Callable[..., HttpResponseBase]
    template: Callable[..., HttpResponseBase]
    import_: Callable[..., HttpResponseBase]


def excel_views(*, key: str, resource: type[ScopedResource], list_url: str,
                title: str | Promise, filterset: type | None = None,
                filename: str = "") -> ExcelViews:
    """The export (with the list's filters), template and import views of one kind of
    record. `list_url` names the list ("app:kind_list"); the template's URL is named
    "app:<key>_template" beside it; the files are called `filename` (default: `key`)."""
    namespace = list_url.rpartition(":")[0]
    template_name = f"{namespace}:{key}_template" if namespace else f"{key}_template"
    name = filename or key
    export = cast(type[ExcelExportView], type(f"{key}_export", (ExcelExportView,), {
        "resource_class": resource, "filterset_class": filterset, "filename": name}))
    template = cast(type[ExcelTemplateView], type(f"{key}_template", (ExcelTemplateView,), {
        "resource_class": resource, "filename": name}))
    importer = cast(type[ExcelImportView], type(f"{key}_import", (ExcelImportView,), {
        "resource_class": resource, "title": title, "list_url": reverse_lazy(list_url),
        "template_url": reverse_lazy(template_name)}))
    return ExcelViews(export.as_view(), template.as_view(), importer.as_view())


class OptionsView(LoginRequiredMixin, View):
    """`<option>`s for the datalist of a typed-name input (htmx sends the input's value): the
    names matching the text typed before any “/”. `keys` are the inputs' names (a form's
    prefix before them, “member-person”, is ignored).

    References (regions, organisations, people, pairings) use the picker instead
    (`core.widgets.Picker`); this serves free-text vocabularies such as a person's specialty."""

    keys: tuple[str, ...] = ("q",)
    limit = 20

    def names(self, request: HttpRequest, text: str, limit: int) -> Iterable[str]:
        raise NotImplementedError

    def get(self, request: HttpRequest) -> HttpResponse:
        text = ""
        for key in request.GET:
            value = request.GET.get(key) or ""
            if value and (key in self.keys or key.rpartition("-")[2] in self.keys):
                text = value.split("/")[0].strip()
        values = list(self.names(request, text, self.limit))[:self.limit] if text else []
        return HttpResponse(format_html_join("", '<option value="{}"></option>',
                                             ((value,) for value in values)))


class ImportBatchListView(ScopedListView):
    """The Excel imports the user made (administrators: all), each revertible."""

    model = ImportBatch
    table_class = ImportBatchTable
    select_related = ("actor", "reverted_by")
    filterset_class = ImportBatchFilter
    title = _("Imports")


class ImportBatchRevertView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(scoped(ImportBatch, request.user), pk=pk)
        try:
            revert_batch(actor=request.user, batch=batch)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("The import was reverted."))
        return redirect("import_batches")


# ---- background jobs -----------------------------------------------------------------


def _jobs(user: Actor) -> QuerySet[Job]:
    return scoped(Job, user).defer("upload", "result").select_related("actor")


class JobListView(LoginRequiredMixin, _JobListView):
    """The user's background imports and exports (administrators: everyone's)."""

    template_name = "core/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def failed_only(self) -> bool:
        """`?show=failed`: the jobs that failed lately (the home page's to-do links here)."""
        return self.request.GET.get("show") == "failed"

    def get_queryset(self) -> QuerySet[Job]:
        fail_stalled_jobs(_jobs(self.request.user))  # a dead worker's jobs, shown as failed
        jobs = _jobs(self.request.user)
        return recently_failed(jobs) if self.failed_only() else jobs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(threshold=background_rows(), failed_only=self.failed_only(),
                                         failed_days=FAILED_JOB_DAYS, **kwargs)


class JobDetailView(LoginRequiredMixin, _DetailView):
    """A job's progress (polled with htmx while it runs) and then its outcome."""

    template_name = "core/job.html"
    context_object_name = "job"

    def get_queryset(self) -> QuerySet[Job]:
        return _jobs(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.object
        fail_if_stalled(job)  # its worker died: failed, upload deleted
        done, beat = current_progress(job)
        percent = 100 if job.status == Job.Status.SUCCEEDED else (
            min(100, done * 100 // job.total) if job.total else 0)
        context.update(
            done=done, percent=percent, stalled=is_stalled(job, beat),
            waiting_long=is_waiting_long(job), list_url=job.spec.get("list_url", ""),
        )
        return context


class JobStatusView(JobDetailView):
    """The htmx fragment of the job page; it stops polling once the job has finished."""

    template_name = "core/job_status.html"


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(scoped(Job, request.user), pk=pk)
        if job.kind != Job.Kind.EXPORT or job.status != Job.Status.SUCCEEDED or not job.result:
            raise Http404("no workbook")
        mime = mimetypes.guess_type(job.file_name)[0] or XLSX_MIME  # .xlsx, or a .docx report
        response = HttpResponse(bytes(job.result), content_type=mime)
        # A Chinese file name (the annual report's) in UTF-8, RFC 5987.
        response["Content-Disposition"] = content_disposition_header(True, job.file_name) or ""
        return response
