"""Cooperation pages: lists with totals, details, create/edit forms, Excel import/export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

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
from xiezuo.cooperation.tables import AgreementTable, ConsumptionTable, LabourTable, ProjectTable
from xiezuo.core.form_views import ScopedDeleteView, ScopedFormView
from xiezuo.core.forms import RowSet
from xiezuo.core.views import ExcelViews, ScopedDetailView, ScopedListView, excel_views
from xiezuo.regions.lookups import pairing_label

PAIRING_RELATED: tuple[str, ...] = ("pairing__east_region", "pairing__west_region", "pairing__east_org",
                   "pairing__west_org")


# --- lists -------------------------------------------------------------------------------


class CooperationListView(ScopedListView):
    """A list whose page (and htmx refresh) shows the totals of the filtered records."""

    template_name = "cooperation/list.html"
    select_related = PAIRING_RELATED
    kind = ""  # agreement, project, labour, consumption: names the Excel and create URLs

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["cooperation/list_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["totals"] = self.totals(self.object_list)
        return context

    def totals(self, records: QuerySet[Any]) -> dict[str, Any] | None:
        """The totals of the filtered records shown above the table (None: none)."""
        return None


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

    def totals(self, records: QuerySet[Any]) -> dict[str, Any] | None:
        return selectors.project_totals(records)


class LabourListView(CooperationListView):
    model = LabourCooperation
    table_class = LabourTable
    filterset_class = LabourFilter
    title = gettext_lazy("Labour cooperation")
    kind = "labour"

    def totals(self, records: QuerySet[Any]) -> dict[str, Any] | None:
        return selectors.labour_totals(records)


class ConsumptionListView(CooperationListView):
    model = ConsumptionAssistance
    table_class = ConsumptionTable
    filterset_class = ConsumptionFilter
    title = gettext_lazy("Consumption assistance")
    kind = "consumption"

    def totals(self, records: QuerySet[Any]) -> dict[str, Any] | None:
        return selectors.consumption_totals(records)


# --- details -----------------------------------------------------------------------------


class CooperationDetailView(ScopedDetailView):
    select_related = PAIRING_RELATED
    kind = ""

    def get_template_names(self) -> list[str]:
        return [f"cooperation/{self.kind}_detail.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["pairing_name"] = pairing_label(self.object.pairing)
        context["kind"] = self.kind
        return context


class AgreementDetailView(CooperationDetailView):
    model = Agreement
    select_related = (*PAIRING_RELATED, "east_party__region", "west_party__region")
    kind = "agreement"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
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


TARGETS = RowSet(
    keyword="targets", formset_class=TargetFormSet, fields=("year", "measure", "target"),
    context_name="targets", error_key=r"targets\.(\d+)(?:\.(\w+))?", first_number=1,
    order_by=("year", "measure"))


class RecordFormView(ScopedFormView):
    """Create (no pk) or edit (pk) a record through its service (core.form_views)."""

    template_name = "cooperation/form.html"


class AgreementFormView(RecordFormView):
    model = Agreement
    form_class = AgreementForm
    edit_form_class = AgreementEditForm
    create = services.create_agreement
    update = services.update_agreement
    rowsets = (TARGETS,)
    title = gettext_lazy("New agreement")
    edit_title = gettext_lazy("Edit agreement")
    saved_message = gettext_lazy("Agreement saved.")


class ProjectFormView(RecordFormView):
    model = Project
    form_class = ProjectForm
    edit_form_class = ProjectEditForm
    create = services.create_project
    update = services.update_project
    title = gettext_lazy("New project")
    edit_title = gettext_lazy("Edit project")
    saved_message = gettext_lazy("Project saved.")


class LabourFormView(RecordFormView):
    model = LabourCooperation
    form_class = LabourForm
    edit_form_class = LabourEditForm
    create = services.create_labour
    update = services.update_labour
    title = gettext_lazy("New labour cooperation record")
    edit_title = gettext_lazy("Edit labour cooperation record")
    saved_message = gettext_lazy("Labour cooperation record saved.")


class ConsumptionFormView(RecordFormView):
    model = ConsumptionAssistance
    form_class = ConsumptionForm
    edit_form_class = ConsumptionEditForm
    create = services.create_consumption
    update = services.update_consumption
    title = gettext_lazy("New consumption assistance record")
    edit_title = gettext_lazy("Edit consumption assistance record")
    saved_message = gettext_lazy("Consumption assistance record saved.")


# --- delete ------------------------------------------------------------------------------


class AgreementDeleteView(ScopedDeleteView):
    model = Agreement
    delete = services.delete_agreement  # its yearly targets go with it
    list_url = "cooperation:agreement_list"


class ProjectDeleteView(ScopedDeleteView):
    model = Project
    delete = services.delete_project
    list_url = "cooperation:project_list"


class LabourDeleteView(ScopedDeleteView):
    model = LabourCooperation
    delete = services.delete_labour
    list_url = "cooperation:labour_list"


class ConsumptionDeleteView(ScopedDeleteView):
    model = ConsumptionAssistance
    delete = services.delete_consumption
    list_url = "cooperation:consumption_list"


DELETE_VIEWS: dict[str, type[ScopedDeleteView]] = {
    "agreement": AgreementDeleteView, "project": ProjectDeleteView, "labour": LabourDeleteView,
    "consumption": ConsumptionDeleteView,
}


# --- Excel -------------------------------------------------------------------------------

EXCEL: dict[str, ExcelViews] = {
    "agreement": excel_views(
        key="agreement", resource=resources.AgreementResource, filterset=AgreementFilter,
        filename="agreements", title=gettext_lazy("Import agreements"),
        list_url="cooperation:agreement_list"),
    "agreement_target": excel_views(
        key="agreement_target", resource=resources.AgreementTargetResource,
        filename="agreement-targets", title=gettext_lazy("Import agreement targets"),
        list_url="cooperation:agreement_list"),
    "project": excel_views(
        key="project", resource=resources.ProjectResource, filterset=ProjectFilter,
        filename="projects", title=gettext_lazy("Import projects"),
        list_url="cooperation:project_list"),
    "labour": excel_views(
        key="labour", resource=resources.LabourResource, filterset=LabourFilter,
        filename="labour-cooperation", title=gettext_lazy("Import labour cooperation"),
        list_url="cooperation:labour_list"),
    "consumption": excel_views(
        key="consumption", resource=resources.ConsumptionResource, filterset=ConsumptionFilter,
        filename="consumption-assistance", title=gettext_lazy("Import consumption assistance"),
        list_url="cooperation:consumption_list"),
}
