"""Generic scoped list and detail views; every page lists through `scoped`."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from xiezuo.core.filters import ImportBatchFilter
from xiezuo.core.models import ImportBatch, Job
from xiezuo.core.scoping import scoped
from xiezuo.core.tables import ImportBatchTable


class ScopedListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """A filterable, searchable, paginated table of the records the user may see."""

    template_name = "core/list.html"
    paginate_by = None  # the table paginates (counting once); the list view need not
    table_pagination = {"per_page": 25}
    select_related: tuple[str, ...] = ()
    title = ""
    actions_template: str | None = None

    def get_queryset(self):
        return scoped(self.model, self.request.user).select_related(*self.select_related)

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["core/list_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        context["actions_template"] = self.actions_template
        return context


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """A record's page; records outside the user's scope are not found (404)."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        return scoped(self.model, self.request.user).select_related(*self.select_related)

    def masked_history_fields(self) -> frozenset[str]:
        """Fields whose old and new values the change history shows as ****."""
        return frozenset()

    def visible(self, model_or_queryset):
        return scoped(model_or_queryset, self.request.user)

    def get_context_data(self, **kwargs):
        from xiezuo.core.history import history_rows
        from xiezuo.core.scoping import Action, can

        context = super().get_context_data(**kwargs)
        context["history"] = history_rows(self.object, masked_fields=self.masked_history_fields())
        context["can_change"] = can(self.request.user, Action.CHANGE, self.object)
        return context


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from xiezuo.orgs.models import Organisation
        from xiezuo.people.models import Person
        from xiezuo.regions.models import Pairing, Region

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["counts"] = [
            (model._meta.verbose_name_plural, scoped(model, user).count(), url)
            for model, url in (
                (Region, "regions:region_list"),
                (Pairing, "regions:pairing_list"),
                (Organisation, "orgs:organisation_list"),
                (Person, "people:person_list"),
            )
        ]
        return context


class ExcelExportView(LoginRequiredMixin, View):
    """The records the user may see (with the list's filters) as an .xlsx file."""

    resource_class: type = None  # type: ignore[assignment]
    filterset_class: type | None = None
    filename = "export"

    def get(self, request):
        from django.http import HttpResponse

        from xiezuo.core.excel import XLSX_MIME, export_bytes

        resource = self.resource_class(actor=request.user)
        queryset = scoped(resource._meta.model, request.user)
        if self.filterset_class is not None:
            queryset = self.filterset_class(request.GET, queryset=queryset).qs
        job = self.start_job(request, queryset)
        if job is not None:
            from django.shortcuts import redirect

            return redirect(job.get_absolute_url())
        response = HttpResponse(export_bytes(resource, queryset), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.xlsx"'
        return response

    def start_job(self, request, queryset):
        """More records than XIEZUO_BACKGROUND_ROWS: a background job (or None)."""
        from xiezuo.core.jobs import background_rows, start_export

        limit = background_rows()
        if not queryset[limit:limit + 1].exists():
            return None
        return start_export(
            actor=request.user, resource_class=self.resource_class,
            filterset_class=self.filterset_class, params=request.GET.urlencode(),
            filename=self.filename, total=queryset.count(),
        )


class ExcelTemplateView(LoginRequiredMixin, View):
    resource_class: type = None  # type: ignore[assignment]
    filename = "template"

    def get(self, request):
        from django.http import HttpResponse

        from xiezuo.core.excel import XLSX_MIME, template_bytes

        response = HttpResponse(
            template_bytes(self.resource_class(actor=request.user)), content_type=XLSX_MIME
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-template.xlsx"'
        return response


class ExcelImportView(LoginRequiredMixin, FormView):
    """Upload a workbook; it is imported completely or not at all."""

    resource_class: type = None  # type: ignore[assignment]
    template_name = "core/import.html"
    form_class = None  # set below to avoid importing forms at module import
    title = ""
    list_url = ""
    template_url = ""

    def get_form_class(self):
        from xiezuo.core.forms import ImportForm

        return ImportForm

    def refusal(self) -> str | None:
        from xiezuo.core.excel import import_refusal

        return import_refusal(self.request.user, self.resource_class._meta.model)

    def dispatch(self, request, *args, **kwargs):
        # A role that cannot change these records is refused before the upload is read.
        if request.method == "POST" and request.user.is_authenticated:
            refusal = self.refusal()
            if refusal:
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied(refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from xiezuo.core.jobs import background_rows

        context.update(title=self.title, list_url=self.list_url, template_url=self.template_url,
                       background_rows=background_rows(), refusal=self.refusal())
        return context

    def form_valid(self, form):
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        from xiezuo.core.excel import ImportFileError, inspect_workbook, run_import

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
            _("Imported: %(created)s new, %(updated)s updated.")
            % {"created": outcome.created, "updated": outcome.updated},
        )
        return redirect(self.list_url)

    def start_job(self, data: bytes, file_name: str, rows: int):
        """More data rows than XIEZUO_BACKGROUND_ROWS: a background job (or None)."""
        from xiezuo.core.jobs import background_rows, start_import

        if rows <= background_rows():
            return None
        return start_import(actor=self.request.user, resource_class=self.resource_class,
                            data=data, file_name=file_name, rows=rows, list_url=self.list_url)


class ImportBatchListView(ScopedListView):
    """The Excel imports the user made (administrators: all), each revertible."""

    model = ImportBatch
    table_class = ImportBatchTable
    filterset_class = ImportBatchFilter
    title = _("Imports")


class ImportBatchRevertView(LoginRequiredMixin, View):
    def post(self, request, pk):
        from django.contrib import messages
        from django.shortcuts import get_object_or_404, redirect

        from xiezuo.core.errors import DomainError
        from xiezuo.core.imports import revert_batch
        batch = get_object_or_404(scoped(ImportBatch, request.user), pk=pk)
        try:
            revert_batch(actor=request.user, batch=batch)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("The import was reverted."))
        return redirect("import_batches")


# ---- background jobs -----------------------------------------------------------------


def _jobs(user):
    return scoped(Job, user).defer("upload", "result").select_related("actor")


class JobListView(LoginRequiredMixin, ListView):
    """The user's background imports and exports (administrators: everyone's)."""

    template_name = "core/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        from xiezuo.core.jobs import fail_stalled_jobs

        fail_stalled_jobs(_jobs(self.request.user))  # a dead worker's jobs, shown as failed
        return _jobs(self.request.user)

    def get_context_data(self, **kwargs):
        from xiezuo.core.jobs import background_rows

        return super().get_context_data(threshold=background_rows(), **kwargs)


class JobDetailView(LoginRequiredMixin, DetailView):
    """A job's progress (polled with htmx while it runs) and then its outcome."""

    template_name = "core/job.html"
    context_object_name = "job"

    def get_queryset(self):
        return _jobs(self.request.user)

    def get_context_data(self, **kwargs):
        from xiezuo.core.jobs import current_progress, fail_if_stalled, is_stalled, is_waiting_long

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
    def get(self, request, pk):
        from django.http import Http404, HttpResponse
        from django.shortcuts import get_object_or_404

        from xiezuo.core.excel import XLSX_MIME

        job = get_object_or_404(scoped(Job, request.user), pk=pk)
        if job.kind != Job.Kind.EXPORT or job.status != Job.Status.SUCCEEDED or not job.result:
            raise Http404("no workbook")
        mime = mimetypes.guess_type(job.file_name)[0] or XLSX_MIME  # .xlsx, or a .docx report
        response = HttpResponse(bytes(job.result), content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
        return response
