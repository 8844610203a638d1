"""Teams (组团式帮扶): create, change, add members, put the whole team on post."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from xiezuo.core.scoping import ensure_in_scope
from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.exchange.choices import PostingState, RuleIssue, TeamRole
from xiezuo.exchange.models import Posting, Team
from xiezuo.exchange.rules import check_team
from xiezuo.exchange.services.postings import approve_posting, create_posting, start_posting
from xiezuo.people.models import Person


def _checked(team: Team) -> list[RuleIssue]:
    """Apply the programme rules: errors raise (and roll back), warnings are returned."""
    report = check_team(team)
    report.raise_errors()
    team.warnings = report.warnings
    return report.warnings


def create_team(*, actor: Actor, **fields: Any) -> Team:
    with transaction.atomic():
        team = save_new(actor=actor, instance=Team(**fields))
        _checked(team)
    return team


def update_team(
    *, actor: Actor, instance: Team, changes: dict[str, Any], expected_version: int | None = None
) -> Team:
    with transaction.atomic():
        team = save_changes(
            actor=actor, instance=instance, changes=changes, expected_version=expected_version
        )
        _checked(team)
    return team


def delete_team(*, actor: Actor, instance: Team) -> None:
    delete_record(actor=actor, instance=instance)


def add_member(
    *, actor: Actor, team: Team, person: Person | None, kind: str, role: str = TeamRole.MEMBER,
    **fields: Any,
) -> Posting:
    """A member is a posting at the team's host, for the team's period unless given."""
    ensure_in_scope(team, actor)
    fields.setdefault("planned_start", team.planned_start)
    fields.setdefault("planned_end", team.planned_end)
    fields.setdefault("batch", team.batch)
    fields.setdefault("direction", "east_west")
    return create_posting(
        actor=actor, person=person, host=team.host, team=team, team_role=role, kind=kind, **fields
    )


def start_team(*, actor: Actor, team: Team, start: datetime.date | None = None
               ) -> list[Posting]:
    """Approve the planned members and put every approved member on post."""
    started: list[Posting] = []
    with transaction.atomic():
        ensure_in_scope(team, actor)
        for posting in team.postings.order_by("pk"):
            if posting.state == PostingState.PLANNED:
                posting = approve_posting(actor=actor, posting=posting)
            if posting.state == PostingState.APPROVED:
                started.append(start_posting(actor=actor, posting=posting, start=start))
    return started
