"""Team pages: list, the team page with members and the host's coverage timeline, start
(the create page and the member form are in records.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import get_for_change
from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.exchange import services
from xiezuo.exchange.filters import TeamFilter
from xiezuo.exchange.models import Team
from xiezuo.exchange.tables import TeamTable
from xiezuo.exchange.views.pages import TEMPLATES, goal_context, team_context


class TeamListView(ScopedListView):
    model = Team
    table_class = TeamTable
    filterset_class = TeamFilter
    select_related = ("host", "sending_org")
    title = gettext_lazy("Teams")
    actions_template = "exchange/team_actions.html"

    def get_queryset(self) -> QuerySet[Team]:
        return super().get_queryset().annotate(member_count=Count("postings", distinct=True))


class TeamDetailView(ScopedDetailView):
    model = Team
    select_related = ("host__region", "sending_org", "programme")
    template_name = TEMPLATES[Team]

    def get_context_data(self, member_form: Form | None = None, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(team_context(self.request.user, self.object, member_form=member_form))
        context.update(goal_context(self.request.user, self.object))
        return context


class TeamStartView(LoginRequiredMixin, View):
    """Put the team on post: approve the planned members and start every approved one."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        team = get_for_change(Team, request.user, pk=pk)
        try:
            started = services.start_team(actor=request.user, team=team)
        except (ValidationError, DomainError) as exc:
            text = exc.message if isinstance(exc, DomainError) else "; ".join(exc.messages)
            messages.error(request, text)
        else:
            messages.success(request, _("%(n)s members are on post.") % {"n": len(started)})
        return redirect(team.get_absolute_url())
