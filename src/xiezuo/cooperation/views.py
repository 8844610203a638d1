"""Cooperation pages: lists with totals, details, create/edit forms, Excel import/export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.cooperation import resources, selectors, services
from xiezuo.cooperation.filters import (
    AgreementFilter,
    ConsumptionFilter,
    LabourFilter,
    ProjectFilter,
)
from xiezuo.cooperation.forms import (
    AgreementEditForm,
    AgreementForm,
    ConsumptionEditForm,
    ConsumptionForm,
    LabourEditForm,
    LabourForm,
    ProjectEditForm,
    ProjectForm,
    TargetFormSet,
)
from xiezuo.cooperation.models import (
    Agreement,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.cooperation.refs import pairing_label
from xiezuo.cooperation.tables import AgreementTable, ConsumptionTable, LabourTable, ProjectTable
from xiezuo.core.errors import Conflict
from xiezuo.core.scoping import get_for_change
from xiezuo.core.views import (
    ExcelExportView,
    ExcelImportView,
    ExcelTemplateView,
    ScopedDetailView,
    ScopedListView,
)
from xiezuo.exchange.forms import apply_errors

PAIRING_RELATED = ("pairing__east_region", "pairing__west_region", "pairing__east_org",
                   "pairing__west_org")


# --- lists -------------------------------------------------------------------------------


class CooperationListView(ScopedListView):
    """A list whose page (and htmx refresh) shows the totals of the filtered records."""

    template_name = "cooperation/list.html"
    select_related = PAIRING_RELATED
    kind = ""  # agreement, project, labour, consumption: names the Excel and create URLs
    totals_of = None

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["cooperation/list_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["totals"] = type(self).totals_of(self.object_list) if self.totals_of else None
        return context


class AgreementListView(CooperationListView):
    model = Agreement
    table_class = AgreementTable
    filterset_class = AgreementFilter
    select_related = (*PAIRING_RELATED, "east_party", "west_party")
    title = gettext_lazy("Agreements")
    kind = "agreement"


class ProjectListView(CooperationListView):
    model = Project
    table_class = ProjectTable
    filterset_class = ProjectFilter
    select_related = (*PAIRING_RELATED, "organisation")
    title = gettext_lazy("Cooperation projects")
    kind = "project"
    totals_of = selectors.project_totals


class LabourListView(CooperationListView):
    model = LabourCooperation
    table_class = LabourTable
    filterset_class = LabourFilter
    title = gettext_lazy("Labour cooperation")
    kind = "labour"
    totals_of = selectors.labour_totals


class ConsumptionListView(CooperationListView):
    model = ConsumptionAssistance
    table_class = ConsumptionTable
    filterset_class = ConsumptionFilter
    title = gettext_lazy("Consumption assistance")
    kind = "consumption"
    totals_of = selectors.consumption_totals


# --- details -----------------------------------------------------------------------------


class CooperationDetailView(ScopedDetailView):
    select_related = PAIRING_RELATED
    kind = ""

    def get_template_names(self):
        return [f"cooperation/{self.kind}_detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pairing_name"] = pairing_label(self.object.pairing)
        context["kind"] = self.kind
        return context


class AgreementDetailView(CooperationDetailView):
    model = Agreement
    select_related = (*PAIRING_RELATED, "east_party__region", "west_party__region")
    kind = "agreement"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_year = selectors.targets_by_year(self.object)
        years = [year for year, _targets in by_year]
        table: dict[str, dict[int, object]] = {}
        labels: dict[str, str] = {}
        for year, targets in by_year:
            for target in targets:
                labels[target.measure] = target.get_measure_display()
                table.setdefault(target.measure, {})[year] = target.target
        context["target_years"] = years
        context["target_rows"] = [(labels[m], [table[m].get(y) for y in years]) for m in table]
        return context


class ProjectDetailView(CooperationDetailView):
    model = Project
    select_related = (*PAIRING_RELATED, "organisation__region")
    kind = "project"


class LabourDetailView(CooperationDetailView):
    model = LabourCooperation
    kind = "labour"


class ConsumptionDetailView(CooperationDetailView):
    model = ConsumptionAssistance
    kind = "consumption"


# --- create / edit -----------------------------------------------------------------------


class RecordFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit (pk) a record through its service; field errors go back on
    the form and nothing is stored.

    Edit pages carry the version the user loaded (hidden field, `edit_form_class`); it goes
    to the service as `expected_version`, so a form opened before someone else's change is
    refused (409) with the user's input kept on the form and nothing stored — the nested
    rows (an agreement's targets) included, as they are written after the version check.
    """

    model = None
    form_class = None
    edit_form_class = None
    create = None
    update = None
    create_title = ""
    edit_title = ""
    saved_message = gettext_lazy("Saved.")

    def _record(self, request, pk):
        return get_for_change(self.model, request.user, pk=pk) if pk is not None else None

    def _form_class(self, record):
        return self.edit_form_class if record is not None else self.form_class

    def _page(self, request, form, title, status=200, **extra):
        return render(request, "cooperation/form.html",
                      {"form": form, "title": title, **extra}, status=status)

    def get(self, request, pk=None):
        record = self._record(request, pk)
        form = self._form_class(record)(instance=record, user=request.user)
        return self._page(request, form, self.edit_title if record else self.create_title,
                          **self.extra_context(request, record))

    def extra_context(self, request, record, bound=False):
        return {}

    def extra_data(self, request, context):
        """Further input for the service (targets), or None when it is invalid."""
        return {}

    def post(self, request, pk=None):
        record = self._record(request, pk)
        title = self.edit_title if record else self.create_title
        form = self._form_class(record)(request.POST, instance=record, user=request.user)
        context = self.extra_context(request, record, bound=True)
        extra = self.extra_data(request, context)
        if not form.is_valid() or extra is None:
            return self._page(request, form, title, status=422, **context)
        data = {**form.data_for_service(), **extra}
        try:
            if record is None:
                saved = type(self).create(actor=request.user, **data)
            else:
                # The form wrote its input onto `record`; the service gets a fresh copy.
                saved = type(self).update(actor=request.user, instance=self.model.objects.get(pk=pk),
                                          changes=data, expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            self.apply_errors(form, context, exc)
            return self._page(request, form, title, status=422, **context)
        except Conflict as exc:
            return self._page(request, form, title, status=exc.status_code,
                              **self._stale(form, pk, exc), **context)
        messages.success(request, str(self.saved_message))
        return redirect(saved.get_absolute_url())

    def _stale(self, form, pk, exc) -> dict:
        """Someone changed the record since the form was opened: say so, keep the input."""
        if exc.field != "version" or pk is None:
            form.add_error(None, exc.message)
            return {}
        current = self.model._default_manager.get(pk=pk)
        form.add_error(None, _(
            "This record (%(record)s) was changed by someone else after you opened it (you "
            "opened version %(yours)s, it is now version %(now)s). Nothing was saved; your input "
            "is kept below. Open the record again and make your change there.")
            % {"record": current, "yours": form.cleaned_data["version"], "now": current.version})
        return {"stale": True, "record": current}

    def apply_errors(self, form, context, exc):
        apply_errors(form, exc)


class AgreementFormView(RecordFormView):
    model = Agreement
    form_class = AgreementForm
    edit_form_class = AgreementEditForm
    create = services.create_agreement
    update = services.update_agreement
    create_title = gettext_lazy("New agreement")
    edit_title = gettext_lazy("Edit agreement")
    saved_message = gettext_lazy("Agreement saved.")

    def extra_context(self, request, record, bound=False):
        if bound:
            formset = TargetFormSet(request.POST, prefix="targets")
        else:
            initial = ([{"year": t.year, "measure": t.measure, "target": t.target}
                        for t in record.targets.order_by("year", "measure")] if record else None)
            formset = TargetFormSet(prefix="targets", initial=initial)
        return {"targets": formset}

    def extra_data(self, request, context):
        formset = context["targets"]
        if not formset.is_valid():
            return None
        rows, forms_used = [], []
        for form in formset.forms:
            if form.cleaned_data.get("DELETE") or form.is_blank():
                continue
            rows.append({k: form.cleaned_data.get(k) for k in ("year", "measure", "target")})
            forms_used.append(form)
        context["target_forms"] = forms_used
        return {"targets": rows}

    def apply_errors(self, form, context, exc):
        if not hasattr(exc, "error_dict"):
            return apply_errors(form, exc)
        used = context.get("target_forms", [])
        rest = {}
        for key, messages_ in exc.message_dict.items():
            parts = key.split(".")
            if parts[0] == "targets" and len(parts) >= 2 and parts[1].isdigit() \
                    and int(parts[1]) <= len(used):
                target_form = used[int(parts[1]) - 1]
                field = parts[2] if len(parts) > 2 and parts[2] in target_form.fields else None
                for message in messages_:
                    target_form.add_error(field, message)
            else:
                rest[key] = messages_
        if rest:
            apply_errors(form, ValidationError(rest))


class ProjectFormView(RecordFormView):
    model = Project
    form_class = ProjectForm
    edit_form_class = ProjectEditForm
    create = services.create_project
    update = services.update_project
    create_title = gettext_lazy("New project")
    edit_title = gettext_lazy("Edit project")
    saved_message = gettext_lazy("Project saved.")


class LabourFormView(RecordFormView):
    model = LabourCooperation
    form_class = LabourForm
    edit_form_class = LabourEditForm
    create = services.create_labour
    update = services.update_labour
    create_title = gettext_lazy("New labour cooperation record")
    edit_title = gettext_lazy("Edit labour cooperation record")
    saved_message = gettext_lazy("Labour cooperation record saved.")


class ConsumptionFormView(RecordFormView):
    model = ConsumptionAssistance
    form_class = ConsumptionForm
    edit_form_class = ConsumptionEditForm
    create = services.create_consumption
    update = services.update_consumption
    create_title = gettext_lazy("New consumption assistance record")
    edit_title = gettext_lazy("Edit consumption assistance record")
    saved_message = gettext_lazy("Consumption assistance record saved.")


# --- Excel -------------------------------------------------------------------------------

EXCEL = {
    # kind: (resource, filter, file name, import title, list URL name)
    "agreement": (resources.AgreementResource, AgreementFilter, "agreements",
                  gettext_lazy("Import agreements"), "agreement_list"),
    "agreement_target": (resources.AgreementTargetResource, None, "agreement-targets",
                         gettext_lazy("Import agreement targets"), "agreement_list"),
    "project": (resources.ProjectResource, ProjectFilter, "projects",
                gettext_lazy("Import projects"), "project_list"),
    "labour": (resources.LabourResource, LabourFilter, "labour-cooperation",
               gettext_lazy("Import labour cooperation"), "labour_list"),
    "consumption": (resources.ConsumptionResource, ConsumptionFilter, "consumption-assistance",
                    gettext_lazy("Import consumption assistance"), "consumption_list"),
}


def excel_views(kind: str):
    """The export, template and import views of one kind of record."""
    resource, filterset, filename, title, list_name = EXCEL[kind]
    export = type(f"{kind}_export", (ExcelExportView,),
                  {"resource_class": resource, "filterset_class": filterset, "filename": filename})
    template = type(f"{kind}_template", (ExcelTemplateView,),
                    {"resource_class": resource, "filename": filename})
    importer = type(f"{kind}_import", (ExcelImportView,), {
        "resource_class": resource, "title": title,
        "list_url": reverse_lazy(f"cooperation:{list_name}"),
        "template_url": reverse_lazy(f"cooperation:{kind}_template"),
    })
    return export.as_view(), template.as_view(), importer.as_view()

