"""Matching-round pages: list, create, the round page (progress, proposal, review), export."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from xiezuo.core.errors import DomainError
from xiezuo.core.excel import XLSX_MIME
from xiezuo.core.form_views import ScopedFormView
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.needs import approvals, services
from xiezuo.needs.choices import RoundStatus, Side, Verdict
from xiezuo.needs.explanation import PART_LABELS, PART_ORDER
from xiezuo.needs.filters import RoundFilter
from xiezuo.needs.forms import RoundForm
from xiezuo.needs.liveness import stall_message
from xiezuo.needs.models import Need, Round
from xiezuo.needs.plan import plan_bytes, plan_filename
from xiezuo.needs.presets import preset_of
from xiezuo.needs.selectors import (
    proposal,
    round_candidate,
    round_needs_for,
    round_postings,
    visible_ids,
)
from xiezuo.needs.tables import RoundTable
from xiezuo.offers.models import Placement
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.reference.models import Mode
from xiezuo.regions.models import Region

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
    template_name = "needs/round_form.html"
    title = gettext_lazy("New matching round")
    saved_message = ""  # the round's page shows its state


class RoundDetailView(ScopedDetailView):
    model = Round
    select_related = ("scope_region", "pool_region", "pool_organisation")
    template_name = "needs/round_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        round_, user = self.object, self.request.user
        data = proposal(round_, user)
        context["proposal"] = data
        context["needs"] = round_needs_for(round_, user).select_related("organisation", "specialty")
        context["visible_needs"] = visible_ids(Need, user, round_.needs.values_list("pk", flat=True))
        context.update(_run_state(round_))
        context["can_run"] = context["can_change"] and approvals.may_run(user, round_)
        context["reviewable"] = context["can_run"] and round_.status == RoundStatus.DONE
        context["approved"] = round_.status == RoundStatus.APPROVED
        context["preset"] = preset_of(round_.weights)
        context["weights"] = [(PART_LABELS[name], getattr(data.weights, name)) for name in PART_ORDER]
        people = {m.person.pk for m in data.matches} | {
            m.runner_up.pk for m in data.matches if m.runner_up is not None}
        orgs = {m.person.organisation_id for m in data.matches} | {
            m.need.organisation_id for m in data.matches} | {u.need.organisation_id for u in data.unfilled}
        context["visible_people"] = visible_ids(Person, user, people)
        context["visible_orgs"] = visible_ids(Organisation, user, orgs)
        count = len(data.result.assignments) if data.result else 0
        places = len(data.result.offer_matches) if data.result else 0
        context["approve_count"], context["approve_places"] = count, places
        context.update(_sides(round_, user, count, places))
        context["discard_confirm"] = _(
            "Deleting the round “%(name)s” drops its proposal, pins and exclusions; the needs stay "
            "published. This cannot be undone. Continue?") % {"name": round_.name}
        context["postings"] = list(round_postings(round_, user)) if context["approved"] else []
        context["placements"] = list(
            scoped(Placement, user).filter(round=round_)
            .select_related("offer__organisation", "offer__region", "need__organisation",
                            "need__specialty", "person").order_by("pk")
        ) if context["approved"] else []
        return context


SIDE_REGION_NONE = gettext_lazy("Set when the round has run")


def _sides(round_: Round, user: Any, count: int, places: int = 0) -> dict[str, Any]:
    """Both sides' state (who approved or returned, when, why) and what this user may do;
    `count` postings and `places` places for offers are created by the last approval."""
    states = approvals.side_states(round_)
    ready = round_.status == RoundStatus.DONE and count + places > 0
    mine = approvals.round_sides(user, round_) if ready else []
    open_mine = [s for s in mine if not approvals.is_approval(states[s])]
    waiting = [s for s in Side.values if not approvals.is_approval(states[s])]
    last = bool(open_mine) and set(waiting) <= set(open_mine)
    regions: dict[str, Region | None] = {Side.WEST: round_.scope_region,
                                         Side.EAST: round_.east_region}
    sides = [{"key": s, "label": Side(s).label, "region": regions[s], "decision": states[s],
              "mine": s in open_mine} for s in Side.values]
    if last:
        confirm = ngettext(
            "Your approval completes both sides and creates %(count)d posting; this cannot be "
            "undone. Continue?",
            "Your approval completes both sides and creates %(count)d postings; this cannot be "
            "undone. Continue?", count) % {"count": count}
        if places:
            confirm += " " + ngettext(
                "It also gives %(count)d place to offers; their people are named afterwards.",
                "It also gives %(count)d places to offers; their people are named afterwards.",
                places) % {"count": places}
    else:
        confirm = _("Approve the proposal for your side (%(sides)s)? The postings are created "
                    "when the other side approves too.") % {
            "sides": "、".join(str(Side(s).label) for s in open_mine)}
    rejected = next((d for d in states.values() if d is not None and d.verdict == Verdict.REJECTED),
                    None)
    return {"sides": sides, "my_sides": open_mine, "decided_sides": mine,
            "approve_last": last, "approve_confirm": confirm, "rejection": rejected,
            "side_region_none": SIDE_REGION_NONE,
            "round_decisions": round_.decisions.select_related("by").order_by("at", "pk")}


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

    ACTIONS = ("run", "pin", "unpin", "exclude", "include", "swap", "approve", "reject", "discard")

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in self.ACTIONS:
            raise Http404
        round_ = get_for_change(Round, request.user, pk=pk)
        if action == "discard":
            return self._discard(request, round_)
        try:
            message = self._do(request, round_, action)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, message)
        return redirect(round_.get_absolute_url())

    def _discard(self, request: HttpRequest, round_: Round) -> HttpResponse:
        try:
            services.delete_round(actor=request.user, instance=round_)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(round_.get_absolute_url())
        messages.success(request, _("The round “%(name)s” was deleted.") % {"name": round_.name})
        return redirect(reverse("needs:round_list"))

    def _do(self, request: HttpRequest, round_: Round, action: str) -> str:
        actor, data = request.user, request.POST
        if action == "run":
            round_ = services.start_round(actor=actor, round_=round_)
            return _("The round is queued and runs in the background.") if (
                round_.status in RUNNING) else _("The round ran: the proposal is below.")
        version = data.get("version") or ""
        expected = int(version) if re.fullmatch(r"[0-9]{1,18}", version) else None
        side = data.get("side") or None
        if action == "approve":
            outcome = services.approve_round(actor=actor, round_=round_, side=side,
                                             comment=data.get("comment", ""),
                                             expected_version=expected)
            if outcome.waiting:
                return _("Your side's approval is recorded; the postings are created when "
                         "%(sides)s approves too.") % {
                    "sides": "、".join(str(Side(s).label) for s in outcome.waiting)}
            postings = outcome.postings
            text = ngettext("Both sides approved: %(count)d posting created.",
                            "Both sides approved: %(count)d postings created.", len(postings)) % {
                "count": len(postings)}
            if outcome.placements:
                text += " " + ngettext(
                    "%(count)d place waits for the offering side to name the person.",
                    "%(count)d places wait for the offering side to name the person.",
                    len(outcome.placements)) % {"count": len(outcome.placements)}
            return format_html('{} <a href="{}#created-postings">{}</a>', text,
                               round_.get_absolute_url(), _("See the postings"))
        if action == "reject":
            services.reject_round(actor=actor, round_=round_, side=side,
                                  reason=data.get("reason", ""), expected_version=expected)
            return _("The proposal is returned with your reason; the recorded approvals are "
                     "cleared.")
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
        response["Content-Disposition"] = content_disposition_header(True, plan_filename(round_)) or ""
        return response


class RoundCandidateView(LoginRequiredMixin, View):
    """A person the round proposes (or names as runner-up, pin or exclusion), as the round's
    reader may see them: the facts matching used, without personal data. A western
    coordinator may not open the eastern person's own page."""

    def get(self, request: HttpRequest, pk: int, person: int) -> HttpResponse:
        round_ = get_object_or_404(scoped(Round, request.user), pk=pk)
        candidate = round_candidate(request.user, round_, person)
        if candidate is None:
            raise Http404
        data = proposal(round_, request.user)
        modes = dict(Mode.choices)
        windows = [(w.start, w.end, "、".join(str(modes.get(m, m)) for m in (w.modes or [])))
                   for w in candidate.availability.all()]
        return render(request, "needs/round_candidate.html", {
            "round": round_, "person": candidate, "windows": windows,
            "matches": [m for m in data.matches if m.person.pk == candidate.pk],
            "runner_up_of": [m for m in data.matches
                             if m.runner_up is not None and m.runner_up.pk == candidate.pk],
            "own_page": bool(visible_ids(Person, request.user, [candidate.pk])),
            "title": candidate.name,
        })
