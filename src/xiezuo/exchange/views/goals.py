"""Goals and outcomes on a posting's or a team's page; evidence files behind the scope."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.exchange import forms, services
from xiezuo.exchange.models import Goal, Posting, Team
from xiezuo.exchange.views.pages import render_owner_page


def _owner(request, kind: str, pk: int) -> Posting | Team:
    model = {"postings": Posting, "teams": Team}.get(kind)
    if model is None:
        raise Http404
    return get_for_change(model, request.user, pk=pk)


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
        return render_owner_page(request, owner, status=422, goal_form=form)


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
        return render_owner_page(request, goal.owner, status=422, update_forms={goal.pk: form})


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
        return render_owner_page(request, goal.owner, status=422,
                                 outcome_forms={goal.pk: form})


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
