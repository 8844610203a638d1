"""Goals and outcomes on a posting's or a team's page; evidence files behind the scope."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.exchange import forms, services
from xiezuo.exchange.models import Goal, Posting, Team


def goal_context(request, *, owner, visible, goal_form=None, outcome_forms=None,
                 update_forms=None) -> dict:
    goals = list(visible(owner.goals.all()).prefetch_related("outcomes"))
    outcome_forms = outcome_forms or {}
    update_forms = update_forms or {}
    for goal in goals:
        goal.update_form = update_forms.get(goal.pk) or forms.GoalUpdateForm(
            initial={"status": goal.status, "evidence_text": goal.evidence_text},
            prefix=f"goal{goal.pk}")
        goal.outcome_form = outcome_forms.get(goal.pk) or forms.OutcomeForm(
            prefix=f"outcome{goal.pk}")
    return {"goals": goals, "goal_form": goal_form or forms.GoalForm(prefix="goal")}


def _owner(request, kind: str, pk: int):
    model = {"postings": Posting, "teams": Team}.get(kind)
    if model is None:
        raise Http404
    return get_for_change(model, request.user, pk=pk)


def _fail(request, owner, form, *, goal_form=None, outcome_forms=None, update_forms=None):
    """Show the owner's page again with the failing form (422)."""
    from xiezuo.exchange.views.postings import PostingDetailView
    from xiezuo.exchange.views.teams import TeamDetailView

    view_class = PostingDetailView if isinstance(owner, Posting) else TeamDetailView
    view = view_class(request=request, kwargs={"pk": owner.pk})
    view.object = owner
    context = view.get_context_data()
    context.update(goal_context(request, owner=owner, visible=view.visible,
                                goal_form=goal_form, outcome_forms=outcome_forms,
                                update_forms=update_forms))
    return render(request, view.template_name, context, status=422)


class GoalCreateView(LoginRequiredMixin, View):
    def post(self, request, kind, pk):
        owner = _owner(request, kind, pk)
        form = forms.GoalForm(request.POST, request.FILES, prefix="goal")
        if form.is_valid():
            owner_field = "posting" if isinstance(owner, Posting) else "team"
            try:
                services.create_goal(actor=request.user, **{owner_field: owner},
                                     **form.cleaned_data)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
            else:
                messages.success(request, _("Goal saved."))
                return redirect(owner.get_absolute_url())
        return _fail(request, owner, form, goal_form=form)


class GoalUpdateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        goal = get_for_change(Goal, request.user, pk=pk)
        form = forms.GoalUpdateForm(request.POST, request.FILES, prefix=f"goal{goal.pk}")
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items() if v or k != "evidence_file"}
            try:
                services.update_goal(actor=request.user, instance=goal, changes=changes)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
                messages.error(request, "; ".join(exc.messages))
            else:
                messages.success(request, _("Goal updated."))
                return redirect(goal.owner.get_absolute_url())
        goal.refresh_from_db()
        return _fail(request, goal.owner, form, update_forms={goal.pk: form})


class OutcomeCreateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        goal = get_for_change(Goal, request.user, pk=pk)
        form = forms.OutcomeForm(request.POST, prefix=f"outcome{goal.pk}")
        if form.is_valid():
            try:
                services.create_outcome(actor=request.user, goal=goal, **form.cleaned_data)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
            else:
                messages.success(request, _("Outcome saved."))
                return redirect(goal.owner.get_absolute_url())
        return _fail(request, goal.owner, form, outcome_forms={goal.pk: form})


class EvidenceDownloadView(LoginRequiredMixin, View):
    """Evidence files are served only to users who may see the goal (no public media URL)."""

    def get(self, request, pk):
        goal = get_object_or_404(scoped(Goal, request.user), pk=pk)
        if not goal.evidence_file:
            raise Http404
        name = goal.evidence_file.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(goal.evidence_file.open("rb"), as_attachment=True, filename=name,
                            content_type=content_type)
