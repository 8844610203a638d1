"""Team pages: list, create, the team page with members and the host's coverage timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import get_for_change
from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.exchange import forms, services
from xiezuo.exchange.filters import TeamFilter
from xiezuo.exchange.models import Team
from xiezuo.exchange.refs import resolve_org, resolve_person
from xiezuo.exchange.tables import TeamTable
from xiezuo.exchange.views.pages import TEMPLATES, goal_context, report_warnings, team_context


class TeamListView(ScopedListView):
    model = Team
    table_class = TeamTable
    filterset_class = TeamFilter
    select_related = ("host", "sending_org")
    title = gettext_lazy("Teams")
    actions_template = "exchange/team_actions.html"


class TeamDetailView(ScopedDetailView):
    model = Team
    select_related = ("host__region", "sending_org", "programme")
    template_name = TEMPLATES[Team]

    def get_context_data(self, member_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(team_context(self.request.user, self.object, member_form=member_form))
        context.update(goal_context(self.request.user, self.object))
        return context


class TeamCreateView(LoginRequiredMixin, FormView):
    form_class = forms.TeamForm
    template_name = "exchange/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New team"), **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            data["host"] = resolve_org(data["host"], field="host")
            data["sending_org"] = resolve_org(data["sending_org"], field="sending_org")
            team = services.create_team(actor=self.request.user, **data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Team saved."))
        report_warnings(self.request, team)
        return redirect(team.get_absolute_url())


class TeamMemberView(TeamDetailView):
    """POST a new member from the team's page; on an error the page is shown again (422)."""

    http_method_names = ["post", "options"]

    def post(self, request, pk):
        self.object = team = get_for_change(Team, request.user, pk=pk)
        form = forms.MemberForm(request.POST, prefix="member")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            try:
                person = resolve_person(request.user, data.pop("person"))
                posting = services.add_member(actor=request.user, team=team, person=person,
                                              **data)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
            else:
                messages.success(request, _("%(name)s joined the team.") % {
                    "name": posting.person.name})
                report_warnings(request, posting)
                return redirect(team.get_absolute_url())
        return self.render_to_response(self.get_context_data(member_form=form), status=422)


class TeamStartView(LoginRequiredMixin, View):
    """Put the team on post: approve the planned members and start every approved one."""

    def post(self, request, pk):
        team = get_for_change(Team, request.user, pk=pk)
        try:
            started = services.start_team(actor=request.user, team=team)
        except (ValidationError, DomainError) as exc:
            text = exc.message if isinstance(exc, DomainError) else "; ".join(exc.messages)
            messages.error(request, text)
        else:
            messages.success(request, _("%(n)s members are on post.") % {"n": len(started)})
        return redirect(team.get_absolute_url())
