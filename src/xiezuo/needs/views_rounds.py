"""Matching-round pages: list, create, the round page (progress, proposal, review), export."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.errors import DomainError
from xiezuo.core.excel import XLSX_MIME
from xiezuo.core.form_views import ScopedFormView
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.needs import services
from xiezuo.needs.choices import RoundStatus
from xiezuo.needs.filters import RoundFilter
from xiezuo.needs.forms import WEIGHT_LABELS, RoundForm
from xiezuo.needs.liveness import stall_message
from xiezuo.needs.models import Round
from xiezuo.needs.plan import plan_bytes
from xiezuo.needs.selectors import PARTS, proposal
from xiezuo.needs.tables import RoundTable

RUNNING = (RoundStatus.QUEUED, RoundStatus.RUNNING)


class RoundListView(ScopedListView):
    model = Round
    table_class = RoundTable
    filterset_class = RoundFilter
    select_related = ("scope_region",)
    title = gettext_lazy("Matching rounds")
    actions_template = "needs/round_actions.html"


class RoundCreateView(ScopedFormView):
    model = Round
    form_class = RoundForm
    create = services.create_round
    template_name = "needs/form.html"
    title = gettext_lazy("New matching round")
    saved_message = ""  # the round's page shows its state


class RoundDetailView(ScopedDetailView):
    model = Round
    select_related = ("scope_region", "pool_region", "pool_organisation")
    template_name = "needs/round_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        round_ = self.object
        context["proposal"] = proposal(round_, self.request.user)
        context["part_names"] = [WEIGHT_LABELS[p] for p in PARTS]
        context["needs"] = scoped(round_.needs.select_related("organisation", "specialty"),
                                  self.request.user)
        context.update(_run_state(round_))
        context["reviewable"] = context["can_change"] and round_.status == RoundStatus.DONE
        context["approved"] = round_.status == RoundStatus.APPROVED
        return context


def _run_state(round_: Round) -> dict[str, Any]:
    """`running`: queued or running and alive (the page polls); `stalled`: why a queued or
    running round will not finish by itself (the page offers to run it again)."""
    stalled = stall_message(round_) if round_.status in RUNNING else None
    return {"running": round_.status in RUNNING and not stalled, "stalled": stalled}


class RoundStatusView(LoginRequiredMixin, View):
    """The progress fragment, polled by htmx while the round runs."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = get_object_or_404(scoped(Round, request.user), pk=pk)
        state = _run_state(round_)
        response = render(request, "needs/_round_status.html", {"round": round_, **state})
        if request.headers.get("HX-Request") and not state["running"]:
            response["HX-Refresh"] = "true"  # done: reload the page with the proposal
        return response


class RoundActionView(LoginRequiredMixin, View):
    """run, pin, unpin, exclude, swap, approve — all POST, all through the services."""

    ACTIONS = ("run", "pin", "unpin", "exclude", "include", "swap", "approve")

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in self.ACTIONS:
            raise Http404
        round_ = get_for_change(Round, request.user, pk=pk)
        try:
            message = self._do(request, round_, action)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, message)
        return redirect(round_.get_absolute_url())

    def _do(self, request: HttpRequest, round_: Round, action: str) -> str:
        actor, data = request.user, request.POST
        if action == "run":
            round_ = services.start_round(actor=actor, round_=round_)
            return _("The round is queued and runs in the background.") if (
                round_.status in RUNNING) else _("The round ran: the proposal is below.")
        if action == "approve":
            version = data.get("version") or ""
            expected = int(version) if re.fullmatch(r"[0-9]{1,18}", version) else None
            postings = services.approve_round(actor=actor, round_=round_, expected_version=expected)
            return _("Approved: %(n)s postings created.") % {"n": len(postings)}
        if action in ("pin", "unpin"):
            services.set_pin(actor=actor, round_=round_, need_id=data.get("need"),
                             person_id=data.get("person"), pinned=action == "pin")
        elif action in ("exclude", "include"):
            services.set_exclusion(actor=actor, round_=round_, need_id=data.get("need"),
                                   person_id=data.get("person"), excluded=action == "exclude")
        else:
            services.swap(actor=actor, round_=round_, need_id=data.get("need"),
                          person_id=data.get("person"), replacement_id=data.get("replacement"))
        return _("Saved. Run the round again to see the new proposal.")


class RoundExportView(LoginRequiredMixin, View):
    """The proposed (or approved) plan as an Excel workbook."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        round_ = get_object_or_404(scoped(Round, request.user), pk=pk)
        response = HttpResponse(plan_bytes(round_, request.user), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-plan.xlsx"'
        return response
