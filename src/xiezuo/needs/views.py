"""Needs pages: list, detail with transitions, create/edit, team needs, Excel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.errors import DomainError
from xiezuo.core.form_views import ScopedFormView
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.core.views import ScopedDetailView, ScopedListView, excel_views
from xiezuo.needs import approvals, services
from xiezuo.needs.choices import NeedStatus, NeedStep
from xiezuo.needs.filters import NeedFilter
from xiezuo.needs.forms import CloseForm, DecisionForm, NeedEditForm, NeedForm, TeamNeedForm
from xiezuo.needs.models import Need, TeamNeed
from xiezuo.needs.resources import NeedResource
from xiezuo.needs.tables import NeedTable
from xiezuo.needs.transitions import (
    APPROVE,
    CLOSE,
    CLOSE_UNFILLABLE,
    PUBLISH,
    REJECT,
    SUBMIT,
    allowed_actions,
)

ACTION_LABELS = {SUBMIT: gettext_lazy("Submit for approval"), APPROVE: gettext_lazy("Approve"),
                 PUBLISH: gettext_lazy("Publish"), CLOSE: gettext_lazy("Close"),
                 CLOSE_UNFILLABLE: gettext_lazy("Close as unfillable"),
                 REJECT: gettext_lazy("Return with a reason")}
# Forward actions of the unit (submit, publish); the approvers' actions come apart.
FORWARD = frozenset({SUBMIT, PUBLISH})
CONFIRM = {
    CLOSE: gettext_lazy("Close the need “%(need)s”? It is then no longer matched and cannot be "
                        "published again."),
    CLOSE_UNFILLABLE: gettext_lazy("Close the need “%(need)s” as unfillable? It is then no "
                                   "longer matched and cannot be published again."),
}
DONE = {
    SUBMIT: gettext_lazy("The need is submitted; the coordinators are told."),
    APPROVE: gettext_lazy("Approved: the need is now “%(state)s”."),
    REJECT: gettext_lazy("The need is returned to its author with your reason."),
}


class NeedListView(ScopedListView):
    model = Need
    table_class = NeedTable
    filterset_class = NeedFilter
    select_related = ("organisation", "specialty")
    title = gettext_lazy("Needs")
    actions_template = "needs/actions.html"


class NeedDetailView(ScopedDetailView):
    model = Need
    select_related = ("organisation__region", "specialty", "team")
    template_name = "needs/need_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        need, user = self.object, self.request.user
        allowed = allowed_actions(need.status) if context["can_change"] else []
        # Forward actions sit in the page head; closing ones apart, lower on the page.
        context["forward_actions"] = [(a, ACTION_LABELS[a]) for a in allowed if a in FORWARD]
        context["closing_actions"] = [(a, ACTION_LABELS[a], CONFIRM[a] % {"need": need})
                                      for a in allowed if a in CONFIRM]
        context["may_decide"] = approvals.may_decide(user, need)
        context["pending_level"] = approvals.pending_level(need)
        context["levels"] = approvals.approval_levels(need)
        context["decisions"] = need.decisions.select_related("by").order_by("at", "pk")
        last = need.decisions.order_by("at", "pk").last()
        context["returned"] = last if (last is not None and last.step == NeedStep.REJECTED
                                       and need.status == NeedStatus.DRAFT) else None
        context["close_form"] = CloseForm()
        context["decision_form"] = DecisionForm()
        context["rounds"] = scoped(need.rounds.all(), user)
        return context


class NeedFormView(ScopedFormView):
    """Create or edit a need (a role of a team need when opened with ?team=…)."""

    model = Need
    form_class = NeedForm
    edit_form_class = NeedEditForm
    create = services.create_need
    update = services.update_need
    template_name = "needs/form.html"
    title = gettext_lazy("New need")
    edit_title = gettext_lazy("Edit need")
    saved_message = gettext_lazy("Need saved.")
    initial_params = ("team",)


class NeedActionView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        need = get_for_change(Need, request.user, pk=pk)
        form = DecisionForm(request.POST)
        data = form.cleaned_data if form.is_valid() else {}
        try:
            changed = services.transition_need(
                actor=request.user, need=need, action=action, reason=data.get("reason", ""),
                comment=data.get("comment", ""))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            state = {"state": changed.get_status_display()}
            messages.success(request, str(DONE.get(action, _("The need is now “%(state)s”."))) % state)
        return redirect(need.get_absolute_url())


class TeamNeedCreateView(ScopedFormView):
    model = TeamNeed
    form_class = TeamNeedForm
    create = services.create_team_need
    template_name = "needs/form.html"
    title = gettext_lazy("New team need")
    saved_message = gettext_lazy("Team need saved; now add its roles.")


class TeamNeedDetailView(ScopedDetailView):
    model = TeamNeed
    select_related = ("organisation__region",)
    template_name = "needs/team_need_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["roles"] = self.object.roles.select_related("specialty").order_by("pk")
        return context


need_excel = excel_views(key="need", resource=NeedResource, filterset=NeedFilter,
                         list_url="needs:need_list", title=gettext_lazy("Import needs"),
                         filename="needs")
