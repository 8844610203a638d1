"""What the posting and team pages show, built by plain functions.

A posting's or a team's page is shown by its detail view and again, with the failing
form (422), by the forms posted from it. The goal and outcome forms (`goals.py`) belong
to either kind of page, so they render the page through `render_owner_page`; the detail
views and the forms that belong to one kind of page (a transition, a new member) use the
same functions through their view's own `get_context_data`. This module imports no other
page module, and every page module imports it: the pages import one way.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.attachments.selectors import prefetch_sections
from xiezuo.core.history import history_rows
from xiezuo.core.scoping import Action, can, scoped
from xiezuo.core.types import Actor
from xiezuo.exchange import forms, selectors
from xiezuo.exchange.models import Posting, Team
from xiezuo.exchange.rules import check_posting, check_team
from xiezuo.exchange.transitions import FINISHED_STATES, allowed_actions

# The form of each transition (None: the transition asks for nothing).
ACTION_FORMS: dict[str, type[Form] | None] = {
    "approve": None,
    "start": forms.StartForm,
    "complete": forms.CompleteForm,
    "extend": forms.ExtendForm,
    "end_early": forms.EndEarlyForm,
    "hand_over": forms.HandOverForm,
}
# Transitions that end a posting before or instead of its term: destructive, shown apart
# from the forward ones (lower on the page, in red, asking first).
CLOSING_ACTIONS = ("end_early", "hand_over")
TEMPLATES: dict[type[Posting | Team], str] = {
    Posting: "exchange/posting_detail.html",
    Team: "exchange/team_detail.html",
}


def report_warnings(request: HttpRequest, record: object) -> None:
    """The rule warnings a service found on the record it saved, as messages."""
    for warning in getattr(record, "warnings", None) or []:
        messages.warning(request, warning.message)


def successors_for(user: Actor, posting: Posting) -> QuerySet[Posting]:
    """Postings the user may name as this posting's successor (same host, not finished)."""
    return (
        scoped(Posting, user)
        .filter(host_id=posting.host_id)
        .exclude(pk=posting.pk)
        .exclude(state__in=FINISHED_STATES)
        .select_related("person")
    )


def action_forms(user: Actor, posting: Posting, bound: Mapping[str, Form | None] | None = None
                 ) -> dict[str, Form | None]:
    """A form for each transition the posting's state allows (the bound one when given)."""
    initial = {
        "start": {"start": posting.planned_start},
        "complete": {"end": posting.planned_end},
    }
    result: dict[str, Form | None] = {}
    for action in allowed_actions(posting.state):
        form_class = ACTION_FORMS[action]
        if bound and action in bound:
            result[action] = bound[action]
        elif form_class is None:
            result[action] = None
        else:
            kwargs: dict[str, Any] = {"initial": initial.get(action, {}), "prefix": action}
            if action in ("end_early", "hand_over"):
                kwargs["successors"] = successors_for(user, posting)
            result[action] = form_class(**kwargs)
    return result


def goal_context(user: Actor, owner: Posting | Team, *, goal_form: Form | None = None,
                 outcome_forms: Mapping[int, Form] | None = None,
                 update_forms: Mapping[int, Form] | None = None) -> dict[str, Any]:
    """The goals the user may see with their forms (the failing ones when given)."""
    goals = list(scoped(owner.goals.all(), user).prefetch_related("outcomes"))
    prefetch_sections(user, goals)  # each goal's files, in one query (tests/budget)
    outcome_forms = outcome_forms or {}
    update_forms = update_forms or {}
    for goal in goals:
        shown: Any = goal  # the page reads each goal's forms from the goal
        shown.update_form = update_forms.get(goal.pk) or forms.GoalUpdateForm(
            initial={"status": goal.status, "evidence_text": goal.evidence_text},
            prefix=f"goal{goal.pk}")
        shown.outcome_form = outcome_forms.get(goal.pk) or forms.OutcomeForm(
            prefix=f"outcome{goal.pk}")
    return {"goals": goals, "goal_form": goal_form or forms.GoalForm(prefix="goal")}


def posting_context(user: Actor, posting: Posting, *,
                    bound: Mapping[str, Form | None] | None = None) -> dict[str, Any]:
    """A posting's page beyond the record itself: warnings, transitions (forward ones for
    the page head, closing ones for the page's end), events, predecessors."""
    forms_by_action = action_forms(user, posting, bound)
    return {
        "warnings": check_posting(posting).warnings,
        "forward_forms": {a: f for a, f in forms_by_action.items() if a not in CLOSING_ACTIONS},
        "closing_forms": {a: f for a, f in forms_by_action.items() if a in CLOSING_ACTIONS},
        "events": posting.events.select_related("by", "successor__person"),
        "predecessors": scoped(posting.predecessors.all(), user).select_related("person"),
    }


def team_context(user: Actor, team: Team, *, member_form: Form | None = None) -> dict[str, Any]:
    """A team's page beyond the record itself: members, warnings, the host's coverage."""
    members = selectors.postings_for(user, team.postings.all())
    startable = members.filter(state__in=["planned", "approved"]).count()
    at_host = selectors.postings_for(user, Posting.objects.filter(host_id=team.host_id))
    return {
        "members": members.order_by("team_role", "person__name"),
        "warnings": check_team(team).warnings,
        "member_form": member_form or forms.MemberForm(prefix="member"),
        "can_start": startable > 0,
        "startable": startable,
        "timeline": selectors.timeline(at_host, today=datetime.date.today()),
    }


def record_context(user: Actor, record: Posting | Team) -> dict[str, Any]:
    """What `ScopedDetailView` gives every record's page: the record under both names,
    its change history and whether the user may change it."""
    return {
        "object": record,
        str(record._meta.model_name): record,
        "history": history_rows(record, actor=user),
        "can_change": can(user, Action.CHANGE, record),
    }


def render_owner_page(request: HttpRequest, owner: Posting | Team, *, status: int,
                      goal_form: Form | None = None,
                      outcome_forms: Mapping[int, Form] | None = None,
                      update_forms: Mapping[int, Form] | None = None) -> HttpResponse:
    """The posting's or team's page again, with the failing goal or outcome form."""
    user = request.user
    context = record_context(user, owner)
    if isinstance(owner, Posting):
        context.update(posting_context(user, owner))
    else:
        context.update(team_context(user, owner))
    context.update(goal_context(user, owner, goal_form=goal_form, outcome_forms=outcome_forms,
                                update_forms=update_forms))
    return render(request, TEMPLATES[type(owner)], context, status=status)
