"""Goals and outcomes on a posting's or a team's page; evidence files behind the scope."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.form_views import ScopedChildFormView
from xiezuo.core.forms import ServiceForm, apply_errors
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.exchange import forms, services
from xiezuo.exchange.models import Goal, Posting, Team
from xiezuo.exchange.views.pages import render_owner_page


class GoalCreateView(ScopedChildFormView):
    """A goal from a posting's or a team's page (`kind` in the URL says which)."""

    form_class = forms.GoalForm
    prefix = "goal"
    add = services.create_goal
    saved_message = gettext_lazy("Goal saved.")

    def parent(self, request: HttpRequest, pk: int, **kwargs: Any) -> Posting | Team:
        kind = kwargs.get("kind")
        if kind == "postings":
            return get_for_change(Posting, request.user, pk=pk)
        if kind == "teams":
            return get_for_change(Team, request.user, pk=pk)
        raise Http404

    def keyword(self, parent: Any) -> str:
        return "posting" if isinstance(parent, Posting) else "team"

    def failed(self, request: HttpRequest, parent: Any, form: ServiceForm) -> HttpResponse:
        return render_owner_page(request, parent, status=422, goal_form=form)


class GoalUpdateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        goal = get_for_change(Goal, request.user, pk=pk)
        form = forms.GoalUpdateForm(request.POST, request.FILES, prefix=f"goal{goal.pk}")
        if form.is_valid():
            try:
                services.update_goal(actor=request.user, instance=goal,
                                     changes=form.to_fields(request.user))
            except ValidationError as exc:
                apply_errors(form, exc)
                messages.error(request, "; ".join(exc.messages))
            else:
                messages.success(request, _("Goal updated."))
                return redirect(goal.owner.get_absolute_url())
        goal.refresh_from_db()
        return render_owner_page(request, goal.owner, status=422, update_forms={goal.pk: form})


class OutcomeCreateView(ScopedChildFormView):
    """An outcome of a goal, from its owner's page."""

    model = Goal
    form_class = forms.OutcomeForm
    add = services.create_outcome
    parent_keyword = "goal"
    saved_message = gettext_lazy("Outcome saved.")

    def form_prefix(self, parent: Any) -> str:
        return f"outcome{parent.pk}"

    def success_url(self, parent: Any) -> str:
        return str(parent.owner.get_absolute_url())

    def failed(self, request: HttpRequest, parent: Any, form: ServiceForm) -> HttpResponse:
        return render_owner_page(request, parent.owner, status=422,
                                 outcome_forms={parent.pk: form})


class EvidenceDownloadView(LoginRequiredMixin, View):
    """Evidence files are served only to users who may see the goal (no public media URL)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        goal = get_object_or_404(scoped(Goal, request.user), pk=pk)
        if not goal.evidence_file:
            raise Http404
        name = goal.evidence_file.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(goal.evidence_file.open("rb"), as_attachment=True, filename=name,
                            content_type=content_type)
